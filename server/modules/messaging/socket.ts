// Messages over Socket.IO: join a thread (and catch up on what was missed), send with an ack,
// typing indicators and read receipts. Only the thread's participants get anywhere.
import type { FastifyInstance } from 'fastify';
import { withinBudget } from '../../realtime/budget.js';
import { auditRefusals, handleEvent, payloadSchema } from '../../realtime/handler.js';
import { rooms } from '../../realtime/rooms.js';
import { deliver, deliverPending } from './delivery.js';
import { JoinPayload, MESSAGE_AUDIT_FIELDS, ReadPayload, SendPayload, TypingPayload } from './schemas.js';
import { MessagingService } from './service.js';
import { messagingStore } from './store.js';

const validJoin = payloadSchema(JoinPayload);
const validSend = payloadSchema(SendPayload);
const validTyping = payloadSchema(TypingPayload);
const validRead = payloadSchema(ReadPayload);

export function registerMessagingHandlers(app: FastifyInstance): void {
  const store = messagingStore(app.mongo.db);
  const service = new MessagingService(app.db, store, app.config);

  app.io.on('connection', (socket) => {
    const principal = socket.data.principal;
    if (principal.kind !== 'user') return;
    const refused = auditRefusals(app, socket);
    /** An audit entry for a socket action; of `after` only the fields messages keep (never the text). */
    const audit = (action: string, targetType: string, targetId: string, after?: unknown) =>
      app.audit
        .record({
          action: `socket ${action}`,
          outcome: 'ok',
          actorId: principal.userId,
          actorRole: principal.role,
          targetType,
          targetId,
          statusCode: null,
          ip: socket.handshake.address,
          userAgent: socket.handshake.headers['user-agent'] ?? null,
          requestId: null,
          ...(after === undefined ? {} : { after, keep: MESSAGE_AUDIT_FIELDS }),
        })
        .catch((err) => app.log.error({ err }, 'could not write the audit entry'));
    void deliverPending(store, principal.userId, (n) => socket.emit('notification', n)).catch(() => undefined);

    handleEvent(
      socket,
      'thread:join',
      validJoin,
      async ({ threadId, after }) => {
        // A repeat from a socket in the thread already: it has had every message since it joined
        // (live, or by recovery), so there is nothing to check, audit or catch up on.
        if (socket.rooms.has(rooms.thread(threadId))) return { messages: [] };
        await service.readableThread(principal, threadId);
        await socket.join(rooms.thread(threadId));
        await audit('thread:join', 'threads', threadId);
        // Catch-up: everything after the last message the client saw, oldest first.
        const missed = after ? (await service.messages(principal, threadId, { limit: 100, after })).messages : [];
        return { messages: missed };
      },
      refused('thread:join'),
    );

    handleEvent(
      socket,
      'message:send',
      validSend,
      async ({ threadId, ...input }) => {
        const { message, created, thread } = await service.send(principal, threadId, input);
        if (created) {
          await deliver(app.io, app.mongo.db, thread, message);
          await audit('message:send', 'messages', message.id, message);
        }
        return { message };
      },
      refused('message:send'),
    );

    // Typing has no ack: a bad payload, or one over the socket's budget, is dropped without a word.
    socket.on('typing', (payload: unknown) => {
      if (!withinBudget(socket, 'typing') || !validTyping(payload)) return;
      const { threadId, isTyping } = payload;
      if (!socket.rooms.has(rooms.thread(threadId))) return; // only from inside a joined thread
      socket.to(rooms.thread(threadId)).emit('typing', { threadId, userId: principal.userId, isTyping });
    });

    handleEvent(
      socket,
      'message:read',
      validRead,
      async ({ threadId, messageId }) => {
        const receipt = await service.markRead(principal, threadId, messageId);
        await audit('message:read', 'threads', threadId, receipt);
        socket.to(rooms.thread(threadId)).emit('message:read', { threadId, userId: receipt.userId, messageId });
        return {};
      },
      refused('message:read'),
    );
  });
}
