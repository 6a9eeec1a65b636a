// GET /api/audit: the audit log for admins, newest first; GET /api/audit/export.csv: the same as a
// spreadsheet, itself audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, Id, Instant } from '../../http/schemas.js';
import { allow } from '../auth/principal.js';
import { AUDIT_CSV_MAX_ROWS, auditCsv } from './csv.js';

const Filters = {
  targetId: Type.Optional(Id),
  actorId: Type.Optional(Id),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Entries whose action starts with this, e.g. "PATCH /api/doctors", "auth." or "read "',
    }),
  ),
  targetType: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z0-9-]{0,63}$',
      description: 'The kind of target: the API path’s first part, e.g. doctors, patients',
    }),
  ),
  // Entries about this patient: their own record, or a visit, note, invoice… of theirs (the entry's patientId).
  patientId: Type.Optional(Id),
};

const AuditQuery = Type.Object(
  { ...Filters, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(Filters, { additionalProperties: false });

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
    patientId: Type.Optional(Type.String({ description: 'The patient whose visit, note, invoice… the entry is about' })),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description:
          'An export of the audit log: the filters it was asked with, the rows it gave (rows) and whether it was cut (truncated)',
      }),
    ),
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
          'Who did what to which record, when, from where and with what outcome. Filters: action (a prefix, e.g. "auth." or ' +
          '"PATCH /api/doctors"), targetType (e.g. doctors), patientId (the patient’s own record and anything of theirs: visits, ' +
          'notes, invoices…), actor, target and time. Changes list the fields that changed; ' +
          'old and new values only for fields that are neither clinical nor secret. Notes, messages, passwords and tokens never appear.',
        security: bearer,
        querystring: AuditQuery,
        response: { 200: Type.Object({ entries: Type.Array(Entry) }), ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => app.audit.search({ ...request.query, limit: request.query.limit ?? 100 }),
  );

  app.get(
    '/api/audit/export.csv',
    {
      // No HEAD twin: it would read 10,000 entries for nothing.
      exposeHeadRoute: false,
      config: expensive,
      schema: {
        tags: ['audit'],
        summary: 'The audit log as CSV (admins; itself audited)',
        description:
          `The entries GET /api/audit finds with the same filters, newest first, at most ${AUDIT_CSV_MAX_ROWS.toLocaleString('en')} ` +
          'rows after a header row (X-Export-Truncated: true when more matched: narrow the range). UTF-8, comma-separated, RFC 4180 ' +
          'quoting; a cell that starts with =, +, -, @, tab or carriage return gets a leading apostrophe so a spreadsheet never runs ' +
          'it as a formula. Every export is audited as "export /api/audit" with its filters, the rows it gave and whether it was cut ' +
          '(details), and under the patient it was filtered to (patientId).',
        security: bearer,
        querystring: ExportQuery,
        response: {
          200: { description: 'The entries as CSV', content: { 'text/csv': { schema: Type.String() } } },
          ...errors(400, 401, 403),
        },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => {
      const { entries, truncated } = await app.audit.exportEntries(request.query, AUDIT_CSV_MAX_ROWS);
      // The export names what it exported: an export of one patient's entries is about that patient.
      request.auditAction = 'export /api/audit';
      request.auditTarget = { type: 'audit', id: request.query.targetId ?? null };
      request.auditPatientId = request.query.patientId;
      request.auditDetails = { ...request.query, rows: entries.length, truncated };
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
        .header('cache-control', 'private, no-store')
        .header('x-export-truncated', String(truncated))
        .send(auditCsv(entries));
    },
  );
};

export default auditRoutes;
