// Messages over Socket.IO: join a thread (and catch up on what was missed), send with an ack,
// typing indicators and read receipts. Only the thread's participants get anywhere.
// A send is the hot path: the thread comes from this node's memory (thread-cache.ts; who takes
// part is checked on it every time, and it is dropped on every node when its care team changes),
// the message insert is the one MongoDB round trip before the ack, and the live emit goes out with
// it; the thread's summary, the notifications and the audit entry are written after the ack, in
// batches (summaries.ts, audit/log.ts), and a graceful stop waits for them (runtime.ts).
import type { FastifyInstance } from 'fastify';
import { forbidden, notFound } from '../../errors.js';
import { withinBudget } from '../../realtime/budget.js';
import { auditRefusals, handleEvent, payloadSchema } from '../../realtime/handler.js';
import { rooms } from '../../realtime/rooms.js';
import type { UserPrincipal } from '../auth/principal.js';
import { deliverLive, deliverPending, messageNotice } from './delivery.js';
import { messagingRuntime } from './runtime.js';
import { JoinPayload, MESSAGE_AUDIT_FIELDS, ReadPayload, SendPayload, TypingPayload } from './schemas.js';
import type { ThreadDoc } from './store.js';

const validJoin = payloadSchema(JoinPayload);
const validSend = payloadSchema(SendPayload);
const validTyping = payloadSchema(TypingPayload);
const validRead = payloadSchema(ReadPayload);

export function registerMessagingHandlers(app: FastifyInstance): void {
  const runtime = messagingRuntime(app);
  const { store, service, threads, presence } = runtime;

  /** The held thread, if `actor` takes part in it now; 404 otherwise, as REST answers (its existence is not revealed). */
  const heldThreadOf = async (actor: UserPrincipal, threadId: string): Promise<ThreadDoc> => {
    const thread = await threads.get(threadId);
    if (!thread?.participants.some((p) => p.userId === actor.userId)) throw notFound('Thread');
    return thread;
  };

  app.io.on('connection', (socket) => {
    const principal = socket.data.principal;
    if (principal.kind !== 'user') return;
    void presence.connected(principal.userId).catch((err) => app.log.warn({ err }, 'presence: could not record a connect'));
    socket.once('disconnect', () => {
      void presence.disconnected(principal.userId).catch((err) => app.log.warn({ err }, 'presence: could not record a disconnect'));
    });
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
        const since = threads.mark(threadId);
        const thread = await service.readableThread(principal, threadId);
        // Held for this socket's sends (and the node's); whether it is writable is asked now, not on the first send.
        if (thread.participants.some((p) => p.userId === principal.userId)) {
          threads.hold(thread, since);
          void threads.writable(thread).catch(() => undefined);
        }
        await socket.join(rooms.thread(threadId));
        // The thread changed while this join read it (a participant removed: the removal's
        // socketsLeave may have run before this join): asked again, and out of the room if refused.
        if (threads.changedSince(threadId, since)) {
          try {
            await service.readableThread(principal, threadId);
          } catch (err) {
            await socket.leave(rooms.thread(threadId));
            throw err;
          }
        }
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
        const thread = await heldThreadOf(principal, threadId);
        if (!(await threads.writable(thread)))
          throw forbidden('This conversation is closed: the patient and the doctor have no current or recent visit together');
        const stored = await service.insertMessage(principal, thread, input);
        if (stored.created) {
          const { message, doc } = stored;
          deliverLive(app.io, thread, message);
          runtime.after(() =>
            Promise.all([
              service.summarise(thread, doc),
              runtime.notices.add(
                thread.participants.filter((p) => p.userId !== message.senderId),
                messageNotice(thread._id, message.id),
                `message:${message.id}`,
              ),
              audit('message:send', 'messages', message.id, message),
            ]),
          );
        }
        return { message: stored.message };
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
        const thread = await heldThreadOf(principal, threadId);
        const receipt = await service.markRead(principal, threadId, messageId, thread);
        socket.to(rooms.thread(threadId)).emit('message:read', { threadId, userId: receipt.userId, messageId });
        runtime.after(() => audit('message:read', 'threads', threadId, receipt));
        return {};
      },
      refused('message:read'),
    );
  });
}
