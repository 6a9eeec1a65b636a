// GET /api/audit: the audit log for admins, newest first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearer, errors, Id, Instant } from '../../http/schemas.js';
import { allow } from '../auth/principal.js';

const AuditQuery = Type.Object(
  {
    targetId: Type.Optional(Id),
    actorId: Type.Optional(Id),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const Entry = Type.Object(
  {
    id: Id,
    at: Type.String(),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    outcome: Type.String(),
    targetType: Type.Union([Type.String(), Type.Null()]),
    targetId: Type.Union([Type.String(), Type.Null()]),
    statusCode: Type.Union([Type.Integer(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    changes: Type.Union([
      Type.Array(
        Type.Object(
          { field: Type.String(), from: Type.Optional(Type.Unknown()), to: Type.Optional(Type.Unknown()) },
          { description: 'A changed field; from/to only for fields that are neither clinical nor secret' },
        ),
      ),
      Type.Null(),
    ]),
    accessReason: Type.Optional(
      Type.String({ description: 'Why staff opened a medical record outside the care team (X-Access-Reason, STAFF_CAN_READ_RECORDS)' }),
    ),
    targetKey: Type.Optional(Type.String({ description: 'A keyed hash of the email a login tried (never the email itself)' })),
    count: Type.Optional(Type.Integer({ description: 'Summarised refusals without a valid token: how many in this minute' })),
    lastAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (admins)',
        description:
          'Who did what to which record, when, from where and with what outcome. Changes list the fields that changed; ' +
          'old and new values only for fields that are neither clinical nor secret. Notes, messages, passwords and tokens never appear.',
        security: bearer,
        querystring: AuditQuery,
        response: { 200: Type.Object({ entries: Type.Array(Entry) }), ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => app.audit.search({ ...request.query, limit: request.query.limit ?? 100 }),
  );
};

export default auditRoutes;
