// How every socket event with an acknowledgement is handled: the payload is validated (unknown
// fields refused), the handler runs, and the answer goes back through the ack as the contract's
// `{ok:true, …}` or `{ok:false, error:{code, message}}`. A handler never throws at the socket.
// Refusals (401/403/404) are audited like HTTP ones. Each event is first charged to the socket's
// budget (budget.ts): over it, the answer is RATE_LIMITED without any other work.
import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { AppError, ErrorCode } from '../errors.js';
import { wellFormedDeep } from '../http/well-formed.js';
import type { Ack } from '../modules/live/events.js';
import { storeBusy } from '../plugins/errors.js';
import { makeAjv } from '../plugins/validation.js';
import { overBudget, withinBudget } from './budget.js';
import type { HubClientEvents, HubSocket } from './types.js';

const ajv = makeAjv({ coerceTypes: false });

/** Client events that carry an acknowledgement. */
type AckedEvent = {
  [E in keyof HubClientEvents]: Parameters<HubClientEvents[E]> extends [unknown, Ack<infer _T>] ? E : never;
}[keyof HubClientEvents];

type PayloadOf<E extends keyof HubClientEvents> = Parameters<HubClientEvents[E]>[0];
/** What a successful ack carries besides `ok: true`. */
type AnswerOf<E extends AckedEvent> = Parameters<HubClientEvents[E]>[1] extends Ack<infer T> ? T : never;

function failure(err: unknown) {
  err = storeBusy(err) ?? err;
  if (err instanceof AppError) return { ok: false as const, error: { code: err.code, message: err.message } };
  return { ok: false as const, error: { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side' } };
}

/** A validator for one event's payload, compiled once; every string in it must be well-formed text. */
export function payloadSchema<T extends TSchema>(schema: T): (data: unknown) => data is Static<T> {
  const validate = ajv.compile<Static<T>>(schema);
  return (data: unknown): data is Static<T> => validate(data) && wellFormedDeep(data);
}

/**
 * Registers `event` on `socket`: validate, run, answer. `onRefused` hears access refusals so they
 * can be audited (see `auditRefusals`).
 */
export function handleEvent<E extends AckedEvent>(
  socket: HubSocket,
  event: E,
  validate: (data: unknown) => boolean,
  run: (payload: PayloadOf<E>) => Promise<AnswerOf<E>>,
  onRefused?: (err: AppError) => void,
): void {
  const listener = async (payload: unknown, ack?: unknown) => {
    // An event sent with only an acknowledgement has no payload: treat it as {}.
    if (typeof payload === 'function' && ack === undefined) [payload, ack] = [{}, payload];
    const reply = (typeof ack === 'function' ? ack : () => {}) as (answer: unknown) => void;
    // The budget comes first: an event over it costs a counter, never a validation or a query.
    if (!withinBudget(socket, event)) return reply({ ok: false, error: overBudget });
    if (!validate(payload)) return reply({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED, message: 'Invalid payload' } });
    try {
      reply({ ok: true, ...(await run(payload as PayloadOf<E>)) });
    } catch (err) {
      if (onRefused && err instanceof AppError && [401, 403, 404].includes(err.statusCode)) onRefused(err);
      reply(failure(err));
    }
  };
  // The listener checks its arguments itself (a client may send anything), so it takes unknowns.
  socket.on(event, listener as never);
}

/** An audit hook for refused socket requests of one socket: `auditRefusals(app, socket)('board:subscribe')`. */
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
