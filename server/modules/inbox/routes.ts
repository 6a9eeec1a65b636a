// Every signed-in person's inbox (the bell in the header): their own notices, newest first, and
// marking them read. Screens have none. Another person's item does not exist for the caller (404).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LOGIN_ROLES } from '../../../db/schema/users.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { INBOX_AUDIT_FIELDS, InboxItem, InboxPage, InboxQuery, ReadAllAnswer } from './schemas.js';
import { InboxService, toItem } from './service.js';

const inboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new InboxService(app.mongo.db);
  const common = { tags: ['inbox'], security: bearer };

  app.get(
    '/api/inbox',
    {
      schema: {
        ...common,
        summary: 'My notifications, newest first',
        description:
          'Every in-app notification the caller was sent (messages, visit reminders, follow-ups, stock alerts…), kept six months. ' +
          'Expired items are not listed. `unread=true` lists unread ones only; `unreadCount` counts every unread item. ' +
          'Page with `before` = `next`.',
        querystring: InboxQuery,
        response: { 200: InboxPage, ...errors(400, 401, 403) },
      },
      onRequest: allow(...LOGIN_ROLES),
    },
    async (request) => service.list(userOf(request).userId, request.query),
  );

  app.post(
    '/api/inbox/:id/read',
    {
      config: auditChanges(INBOX_AUDIT_FIELDS, async ({ id }: { id: string }, actor) => toItem(await service.own(actor.userId, id))),
      schema: {
        ...common,
        summary: 'Mark one of my notifications read',
        description: 'Again is a no-op. 404 for an item that is not the caller’s, or has expired.',
        params: IdParams,
        response: { 200: InboxItem, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...LOGIN_ROLES),
    },
    async (request) => service.markRead(userOf(request).userId, request.params.id),
  );

  app.post(
    '/api/inbox/read-all',
    {
      config: auditCreates([]),
      schema: {
        ...common,
        summary: 'Mark all my notifications read',
        response: { 200: ReadAllAnswer, ...errors(401, 403) },
      },
      onRequest: allow(...LOGIN_ROLES),
    },
    async (request) => service.markAllRead(userOf(request).userId),
  );
};

export default inboxRoutes;
