// Staff logins, admin only: POST /api/users, GET /api/users, GET/DELETE /api/users/:id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { rooms } from '../../realtime/rooms.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { RefreshTokenStore } from '../auth/refresh-tokens.js';
import { findUser } from './repository.js';
import { CreateUserBody, ListUsersQuery, USER_AUDIT_FIELDS, User } from './schemas.js';
import { UsersService } from './service.js';

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new UsersService(app.db, new RefreshTokenStore(app.db, app.config.auth.refreshTokenTtlDays), app.revocations);
  const adminOnly = allow('admin');
  const common = { tags: ['users'], security: bearer };

  app.post(
    '/api/users',
    {
      config: { ...auditCreates(USER_AUDIT_FIELDS), ...expensive },
      schema: { ...common, summary: 'Create a staff login', body: CreateUserBody, response: { 201: User, ...errors(400, 401, 403, 409) } },
      onRequest: adminOnly,
    },
    async (request, reply) => {
      const body = request.body;
      return reply.status(201).send(await service.create(body));
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        ...common,
        summary: 'List logins',
        querystring: ListUsersQuery,
        response: {
          200: Type.Object({ users: Type.Array(User), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
          ...errors(400, 401, 403),
        },
      },
      onRequest: adminOnly,
    },
    async (request) => {
      const q = request.query;
      return service.list({ role: q.role, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: { ...common, summary: 'One login', params: IdParams, response: { 200: User, ...errors(400, 401, 403, 404) } },
      onRequest: adminOnly,
    },
    async (request) => service.get(request.params.id),
  );

  app.delete(
    '/api/users/:id',
    {
      config: auditChanges(USER_AUDIT_FIELDS, ({ id }: { id: string }) => findUser(app.db, id)),
      schema: {
        ...common,
        summary: 'Deactivate a login (soft delete; its sessions end at once)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: adminOnly,
    },
    async (request, reply) => {
      await service.deactivate(request.params.id, userOf(request).userId);
      // Their open sockets end now, on every node.
      app.io.in(rooms.user(request.params.id)).disconnectSockets(true);
      return reply.status(204).send(null);
    },
  );
};

export default usersRoutes;
