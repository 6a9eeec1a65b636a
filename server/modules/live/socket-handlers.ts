// What a socket may ask for. Every payload is validated (unknown fields refused) and every
// subscription authorized: a display only its location's board, a doctor only their own queue,
// staff any board or queue, patients neither (they get their own position on their user room).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError, ErrorCode } from '../../errors.js';
import { Id } from '../../http/schemas.js';
import type { HubSocket } from '../../plugins/socket.js';
import { makeAjv } from '../../plugins/validation.js';
import { assertCanReadBoard } from '../board/access.js';
import { DisplaysService } from '../displays/service.js';
import { assertCanWorkQueue } from '../scheduling/access.js';
import { boardView, queueView } from '../scheduling/queue-service.js';
import type { LivePublisher } from './publisher.js';
import { rooms } from './rooms.js';

const ajv = makeAjv({ coerceTypes: false });
const boardPayload = ajv.compile(Type.Object({ locationId: Id }, { additionalProperties: false }));
const queuePayload = ajv.compile(Type.Object({ doctorId: Id }, { additionalProperties: false }));
const emptyPayload = ajv.compile(Type.Object({}, { additionalProperties: false }));

type Ack = (answer: { ok: true; [k: string]: unknown } | { ok: false; error: { code: ErrorCode; message: string } }) => void;

function failure(err: unknown) {
  if (err instanceof AppError) return { ok: false as const, error: { code: err.code, message: err.message } };
  return { ok: false as const, error: { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side' } };
}

/** Wraps a handler: validates the payload, answers through the ack, never throws at the socket. */
export function socketHandler<T>(
  validate: ((data: unknown) => boolean) & { errors?: unknown },
  run: (payload: T) => Promise<Record<string, unknown>>,
  /** Called when access is refused (401/403/404), so the refusal can be audited. */
  onRefused?: (err: AppError) => void,
) {
  return async (payload: unknown, ack?: unknown) => {
    // An event sent with only an acknowledgement has no payload: treat it as {}.
    if (typeof payload === 'function' && ack === undefined) [payload, ack] = [{}, payload];
    const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
    if (!validate(payload)) return reply({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED, message: 'Invalid payload' } });
    try {
      reply({ ok: true, ...(await run(payload as T)) });
    } catch (err) {
      if (onRefused && err instanceof AppError && [401, 403, 404].includes(err.statusCode)) onRefused(err);
      reply(failure(err));
    }
  };
}

/** An audit hook for refused socket requests of one socket. */
export function auditRefusals(app: FastifyInstance, socket: HubSocket) {
  return (event: string) => (err: AppError) => {
    const p = socket.data.principal;
    void app.audit
      .record({
        action: `socket ${event}`,
        outcome: 'denied',
        actorId: p.kind === 'user' ? p.userId : p.displayId,
        actorRole: p.role,
        targetType: null,
        targetId: null,
        statusCode: err.statusCode,
        ip: socket.handshake.address,
        userAgent: socket.handshake.headers['user-agent'] ?? null,
        requestId: null,
      })
      .catch((e) => app.log.error({ err: e }, 'could not write the audit entry'));
  };
}

export function registerLiveHandlers(app: FastifyInstance, publisher: LivePublisher): void {
  const displays = new DisplaysService(app.db);
  /**
   * A broadcast to the socket's own room goes through the adapter's stream and so carries an
   * offset: from now on a dropped connection can be recovered, even before the first change.
   */
  const synced = (socket: HubSocket, view: 'board' | 'queue', seq: number) => {
    app.io.to(socket.id).emit('live:synced', { view, seq });
  };

  app.io.on('connection', (raw) => {
    const socket = raw as unknown as HubSocket;
    const principal = socket.data.principal;
    const refused = auditRefusals(app, socket);
    if (principal.kind === 'user') void socket.join(rooms.user(principal.userId));
    else void socket.join(rooms.display(principal.displayId));
    if (principal.kind === 'user' && principal.patientId) {
      publisher.tellPatientNow(principal.patientId, socket.id).catch((err) => app.log.warn({ err }, 'could not send a queue position'));
    }

    socket.on(
      'board:subscribe',
      socketHandler<{ locationId: string }>(
        boardPayload,
        async ({ locationId }) => {
          assertCanReadBoard(principal, locationId);
          // Join first, then read the seq, then build: any change after the seq read arrives as a
          // later update, and publishers take their seq before building (publisher.ts).
          await socket.join(rooms.board(locationId));
          const seq = await publisher.sequences.current('board', locationId);
          const board = { ...(await boardView(app.db, locationId)), seq };
          synced(socket, 'board', seq);
          return { board };
        },
        refused('board:subscribe'),
      ),
    );

    socket.on(
      'display:heartbeat',
      socketHandler<Record<string, never>>(emptyPayload, async () => {
        if (principal.kind !== 'display') throw new AppError(403, ErrorCode.FORBIDDEN, 'Only screens send heartbeats');
        await displays.seen(principal.displayId);
        return {};
      }),
    );

    // Anyone signed in may watch a doctor's free slots (availability is readable by every user):
    // `availability:changed` then says "fetch again" whenever that doctor's calendar changes.
    socket.on(
      'availability:subscribe',
      socketHandler<{ doctorId: string }>(
        queuePayload,
        async ({ doctorId }) => {
          if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
          await socket.join(rooms.availability(doctorId));
          return {};
        },
        refused('availability:subscribe'),
      ),
    );

    socket.on(
      'queue:subscribe',
      socketHandler<{ doctorId: string }>(
        queuePayload,
        async ({ doctorId }) => {
          if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
          assertCanWorkQueue(principal, doctorId);
          await socket.join(rooms.queue(doctorId));
          const seq = await publisher.sequences.current('queue', doctorId);
          const queue = { ...(await queueView(app.db, doctorId)), seq };
          synced(socket, 'queue', seq);
          return { queue };
        },
        refused('queue:subscribe'),
      ),
    );
  });
}
