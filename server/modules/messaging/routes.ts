// Messages over HTTP: open and list threads, page through messages, send, mark read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { rooms } from '../../realtime/rooms.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, PEOPLE, userOf } from '../auth/principal.js';
import { deliver } from './delivery.js';
import { messagingRuntime } from './runtime.js';
import {
  AddParticipantBody,
  EditBody,
  MESSAGE_AUDIT_FIELDS,
  Message,
  MessagePage,
  MessageParams,
  MessagesQuery,
  OpenThreadBody,
  ParticipantParams,
  SendBody,
  THREAD_AUDIT_FIELDS,
  Thread,
} from './schemas.js';

const messagingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The node's messaging state, shared with the socket handlers (summaries, held threads, presence).
  const runtime = messagingRuntime(app);
  const { service } = runtime;
  const common = { tags: ['messages'], security: bearer };
  /** The audit "before" of an edit or delete: the stored message. */
  const messageBefore = auditChanges(MESSAGE_AUDIT_FIELDS, ({ id, messageId }: { id: string; messageId: string }, actor) =>
    service.messageForChange(actor, id, messageId),
  );

  app.post(
    '/api/threads',
    {
      config: { ...auditCreates(THREAD_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Open (or find) the thread between a patient and a doctor who have a care relationship',
        description:
          'A patient sends {doctorId}, a doctor {patientId}. 201 when created, 200 when it already existed. A care relationship ' +
          'is a visit together that is booked or happened (not cancelled, not a no-show) and starts at most ' +
          'CARE_RELATIONSHIP_DAYS ago; without one, 403. When it ends, the participants still read the thread but ' +
          'cannot send or edit in it (403) until a new visit is booked.',
        body: OpenThreadBody,
        response: { 201: Thread, 200: Thread, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('patient', 'doctor'),
    },
    async (request, reply) => {
      const { thread, created } = await service.open(userOf(request), request.body);
      return reply.status(created ? 201 : 200).send(thread);
    },
  );

  app.get(
    '/api/threads',
    {
      schema: {
        ...common,
        summary: 'The caller’s threads with unread counts',
        response: { 200: Type.Object({ threads: Type.Array(Thread) }), ...errors(401, 403) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => service.list(userOf(request)),
  );

  app.get(
    '/api/threads/:id/messages',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Messages, newest first (before= pages back; after= catches up, oldest first)',
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: MessagePage, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => service.messages(userOf(request), request.params.id, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/api/threads/:id/messages',
    {
      config: { ...auditCreates(MESSAGE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Send a message; a repeated clientMessageId returns the first one (200)',
        description: '403 once the thread’s patient and doctor no longer have a care relationship (see POST /api/threads).',
        params: IdParams,
        body: SendBody,
        response: { 201: Message, 200: Message, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request, reply) => {
      const { message, created, thread } = await service.send(userOf(request), request.params.id, request.body);
      if (created) await deliver(app.io, app.mongo.db, runtime.presence, thread, message);
      return reply.status(created ? 201 : 200).send(message);
    },
  );

  app.post(
    '/api/threads/:id/participants',
    {
      config: auditChanges(THREAD_AUDIT_FIELDS, ({ id }: { id: string }, actor) => service.threadAsSeenBy(actor, id)),
      schema: {
        ...common,
        summary: 'The thread’s doctor adds a staff member (a receptionist or an admin) to the care team',
        params: IdParams,
        body: AddParticipantBody,
        response: { 200: Thread, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => {
      const thread = await service.addParticipant(userOf(request), request.params.id, request.body.userId);
      await runtime
        .changed(request.params.id)
        .catch((err) => request.log.warn({ err }, 'could not tell the other nodes that a thread changed'));
      return thread;
    },
  );

  app.delete(
    '/api/threads/:id/participants/:userId',
    {
      config: auditChanges(THREAD_AUDIT_FIELDS, ({ id }: { id: string }, actor) => service.threadAsSeenBy(actor, id)),
      schema: {
        ...common,
        summary: 'The thread’s doctor takes a staff member off the care team',
        description:
          'Only a receptionist or an admin added to the care team can be taken off it (400 for the patient or the doctor); ' +
          'from then on they neither read nor write the thread, over REST or a socket that had joined it.',
        params: ParticipantParams,
        response: { 200: Thread, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => {
      const { id, userId } = request.params;
      const thread = await service.removeParticipant(userOf(request), id, userId);
      // Their sockets leave its room first (they hear nothing more of it), then every node drops
      // the thread it held (their sends are refused from now on). The removal is stored: if Redis
      // cannot carry the notice now, the other nodes read the thread again within HELD_MAX_MS.
      app.io.in(rooms.user(userId)).socketsLeave(rooms.thread(id));
      await runtime.changed(id).catch((err) => request.log.warn({ err }, 'could not tell the other nodes that a thread changed'));
      return thread;
    },
  );

  app.patch(
    '/api/threads/:id/messages/:messageId',
    {
      config: messageBefore,
      schema: {
        ...common,
        summary: 'Edit your message (every version is kept; it shows as edited)',
        description: '403 once the thread’s patient and doctor no longer have a care relationship (see POST /api/threads).',
        params: MessageParams,
        body: EditBody,
        response: { 200: Message, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      const message = await service.edit(userOf(request), request.params.id, request.params.messageId, request.body.body);
      app.io.to(rooms.thread(request.params.id)).emit('message:edited', { threadId: request.params.id, message });
      return message;
    },
  );

  app.delete(
    '/api/threads/:id/messages/:messageId',
    {
      config: messageBefore,
      schema: {
        ...common,
        summary: 'Delete your message (a tombstone stays; nothing is erased)',
        params: MessageParams,
        response: { 200: Message, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      const message = await service.remove(userOf(request), request.params.id, request.params.messageId);
      app.io.to(rooms.thread(request.params.id)).emit('message:deleted', { threadId: request.params.id, message });
      return message;
    },
  );
};

export default messagingRoutes;
