// Waiting-room screens, admin only: POST /api/displays, GET /api/displays, DELETE /api/displays/:id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, Id, IdParams } from '../../http/schemas.js';
import { rooms } from '../../realtime/rooms.js';
import { auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { CreateDisplayBody, CreatedDisplay, DISPLAY_AUDIT_FIELDS, Display } from './schemas.js';
import { DisplaysService } from './service.js';

const displaysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new DisplaysService(app.db);
  const common = { tags: ['displays'], security: bearer };
  const adminOnly = allow('admin');

  app.post(
    '/api/displays',
    {
      config: { ...auditCreates(DISPLAY_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Register a waiting-room screen and get its token',
        description: 'The token can read this location’s board and nothing else; it does not expire, revoke it with DELETE.',
        body: CreateDisplayBody,
        response: { 201: CreatedDisplay, ...errors(400, 401, 403, 404) },
      },
      onRequest: adminOnly,
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body, userOf(request).userId)),
  );

  app.get(
    '/api/displays',
    {
      schema: {
        ...common,
        summary: 'Screens, with when each was last seen and whether it is online',
        description: 'online: seen (a heartbeat or a board read) within the last 90 s and not revoked. Revoked screens are listed too.',
        querystring: Type.Object({ locationId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Type.Object({ displays: Type.Array(Display) }), ...errors(400, 401, 403) },
      },
      onRequest: adminOnly,
    },
    async (request) => service.list(request.query.locationId),
  );

  app.post(
    '/api/displays/:id/reload',
    {
      config: auditCreates(DISPLAY_AUDIT_FIELDS),
      schema: {
        ...common,
        summary: 'Make a screen reload its page (it receives display:reload)',
        params: IdParams,
        response: { 202: Type.Null(), ...errors(400, 401, 403, 404) },
      },
      onRequest: adminOnly,
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      await service.assertActive(request.params.id);
      app.io.to(rooms.display(request.params.id)).emit('display:reload', { at: new Date().toISOString() });
      return reply.status(202).send(null);
    },
  );

  app.delete(
    '/api/displays/:id',
    {
      config: auditCreates(DISPLAY_AUDIT_FIELDS),
      schema: {
        ...common,
        summary: 'Revoke a screen’s token',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
      onRequest: adminOnly,
    },
    async (request, reply) => {
      await service.revoke(request.params.id);
      // The screen's open connections end now, on every node.
      app.io.in(rooms.display(request.params.id)).disconnectSockets(true);
      return reply.status(204).send(null);
    },
  );
};

export default displaysRoutes;
