// Logins, admin only: POST /api/users (staff), GET /api/users, GET/PATCH/DELETE /api/users/:id, the
// locations of a pharmacist or nurse (and who works at a location), and a password reset that ends every session of the login.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { rooms } from '../../realtime/rooms.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { RefreshTokenStore } from '../auth/refresh-tokens.js';
import { findUser } from './repository.js';
import {
  CreateUserBody,
  ListUsersQuery,
  Membership,
  PasswordResetBody,
  UpdateUserBody,
  USER_AUDIT_FIELDS,
  User,
  UserLocationsBody,
} from './schemas.js';
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
        summary: 'List logins (with the locations each works at)',
        description: 'role: one role only; locationId: only logins tied to that location (pharmacists and nurses).',
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
      return service.list({ role: q.role, locationId: q.locationId, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    },
  );

  // Ends the login's open sockets now, on every node (its tokens are refused from now on).
  const closeSockets = (userId: string) => app.io.in(rooms.user(userId)).disconnectSockets(true);

  app.patch(
    '/api/users/:id',
    {
      config: auditChanges(USER_AUDIT_FIELDS, ({ id }: { id: string }) => service.get(id)),
      schema: {
        ...common,
        summary: 'Deactivate or reactivate a login, or rename a staff login',
        description:
          'active false: sign-in is refused and every session ends at once (409 CONFLICT for your own login); the login, its ' +
          'history and its email stay (DELETE /api/users/:id frees the email). active true: it may sign in again. firstName and ' +
          'lastName: staff logins only (a doctor is renamed with PATCH /api/doctors/:id).',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: adminOnly,
    },
    async (request) => {
      const updated = await service.update(request.params.id, request.body, userOf(request).userId);
      if (request.body.active === false) closeSockets(request.params.id);
      return updated;
    },
  );

  app.put(
    '/api/users/:id/locations',
    {
      config: auditChanges(USER_AUDIT_FIELDS, ({ id }: { id: string }) => service.get(id)),
      schema: {
        ...common,
        summary: 'Set the locations a pharmacist or nurse works at',
        description: 'Replaces the list ([] for none). Other roles: 400 VALIDATION_FAILED; an unknown location: 404.',
        params: IdParams,
        body: UserLocationsBody,
        response: { 200: User, ...errors(400, 401, 403, 404) },
      },
      onRequest: adminOnly,
    },
    async (request) => service.setLocations(request.params.id, request.body.locationIds),
  );

  app.post(
    '/api/users/:id/password',
    {
      config: { ...auditChanges(USER_AUDIT_FIELDS, ({ id }: { id: string }) => service.get(id)), ...expensive },
      schema: {
        ...common,
        summary: 'Set a new password for a login (admin reset)',
        description:
          'For someone who forgot theirs or whose password leaked: every session of the login ends at once (refresh and access ' +
          'tokens, open sockets), yours too if it is your own; they sign in again with the new password. The password is never logged.',
        params: IdParams,
        body: PasswordResetBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
      onRequest: adminOnly,
    },
    async (request, reply) => {
      await service.resetPassword(request.params.id, request.body.password);
      closeSockets(request.params.id);
      // The login is as it was but for its password: the entry names that field alone (never its value).
      if (request.auditBefore && typeof request.auditBefore === 'object')
        request.auditAfter = { ...request.auditBefore, password: 'reset' };
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/locations/:id/staff',
    {
      schema: {
        ...common,
        summary: 'Who works at a location: each staff login tied to it, its role, active, and since when',
        description:
          'The memberships PUT /api/users/:id/locations sets; one that stays through a later change keeps its joinedAt. Doctors work where their weekly schedule puts them (GET /api/doctors?locationId=).',
        params: IdParams,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Object({ staff: Type.Array(Membership) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: adminOnly,
    },
    async (request) => service.staffAt(request.params.id),
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
      closeSockets(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default usersRoutes;
