// Per-socket event budgets: a token bucket per socket and event, refilled over time, so one
// client's flood costs the hub almost nothing and never reaches the stores. An event over its
// budget is refused (ack `{ok:false, error:{code:RATE_LIMITED}}`, or dropped when it has no ack);
// a socket that keeps going over (SOCKET_MAX_REFUSALS refusals within 10 s) is told why
// (`limits:disconnect`) and disconnected, and its token is refused at the handshake for the next
// 10 s on that node (`ShutOut`), so reconnecting at once buys nothing. SOCKET_BUDGET_SCALE
// multiplies every allowance.
import { createHash } from 'node:crypto';
import { ErrorCode } from '../errors.js';
import type { HubClientEvents, HubServerEvents, HubSocket } from './types.js';

export interface Allowance {
  /** Events accepted in a burst (the bucket's size). */
  burst: number;
  /** Events per second the bucket refills with. */
  perSecond: number;
}

/** Every client event has one; a new event without an allowance does not compile. */
export const ALLOWANCES = {
  'board:subscribe': { burst: 10, perSecond: 1 },
  'queue:subscribe': { burst: 10, perSecond: 1 },
  'pharmacy:subscribe': { burst: 10, perSecond: 1 },
  // A doctor moving through the queue opens one chart after another.
  'chart:subscribe': { burst: 20, perSecond: 2 },
  'chart:unsubscribe': { burst: 20, perSecond: 2 },
  'triage:subscribe': { burst: 10, perSecond: 1 },
  // The desk watches each doctor it books for; a repeat of one watched already costs nothing.
  'availability:subscribe': { burst: 50, perSecond: 5 },
  'display:heartbeat': { burst: 5, perSecond: 1 },
  // The doctor's console joins every thread (up to 200) as it connects.
  'thread:join': { burst: 250, perSecond: 10 },
  'message:send': { burst: 10, perSecond: 1 },
  'message:read': { burst: 30, perSecond: 5 },
  typing: { burst: 10, perSecond: 2 },
} satisfies Record<keyof HubClientEvents, Allowance>;

export type BudgetedEvent = keyof typeof ALLOWANCES;

/** Refusals are counted in windows of this length. */
export const REFUSAL_WINDOW_MS = 10_000;

export interface BudgetSettings {
  /** Multiplies every allowance (SOCKET_BUDGET_SCALE). */
  scale: number;
  /** Refusals within REFUSAL_WINDOW_MS after which the socket is disconnected (SOCKET_MAX_REFUSALS). */
  maxRefusals: number;
}

export type Verdict = 'ok' | 'refused' | 'disconnect';

/** The budgets of one socket. `now` is in milliseconds (injectable for tests). */
export class SocketBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private refusals = 0;
  private windowStart = 0;

  constructor(
    private readonly settings: BudgetSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one event's token: 'ok', 'refused' (over budget), or 'disconnect' (kept going over). */
  spend(event: BudgetedEvent): Verdict {
    const { burst, perSecond } = ALLOWANCES[event];
    const size = burst * this.settings.scale;
    const now = this.now();
    const bucket = this.buckets.get(event) ?? { tokens: size, at: now };
    bucket.tokens = Math.min(size, bucket.tokens + ((now - bucket.at) / 1000) * perSecond * this.settings.scale);
    bucket.at = now;
    this.buckets.set(event, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 'ok';
    }
    if (now - this.windowStart > REFUSAL_WINDOW_MS) {
      this.windowStart = now;
      this.refusals = 0;
    }
    this.refusals += 1;
    return this.refusals >= this.settings.maxRefusals ? 'disconnect' : 'refused';
  }
}

const budgets = new WeakMap<HubSocket, { budget: SocketBudget; onCut: () => void }>();

/**
 * Gives a newly connected socket its budgets (the socket plugin does, for every connection);
 * `onCut` hears when it is disconnected for going over them (to log it).
 */
export function installBudget(socket: HubSocket, settings: BudgetSettings, onCut: () => void = () => {}): void {
  budgets.set(socket, { budget: new SocketBudget(settings), onCut });
}

/** What an over-budget event is refused with. */
export const overBudget = { code: ErrorCode.RATE_LIMITED, message: 'Too many events; slow down and try again shortly' };

/**
 * Charges `event` to the socket: true when it may go ahead. Otherwise the caller refuses it (with
 * `overBudget`); a socket that kept going over has been told why and disconnected.
 */
export function withinBudget(socket: HubSocket, event: BudgetedEvent): boolean {
  const entry = budgets.get(socket);
  const verdict = entry ? entry.budget.spend(event) : 'ok';
  if (verdict === 'ok') return true;
  if (verdict === 'disconnect' && socket.connected) {
    tellBeforeClosing(socket, {
      code: ErrorCode.RATE_LIMITED,
      message: 'This connection sent too many events and was closed; it may reconnect shortly',
      retryAfterSeconds: REFUSAL_WINDOW_MS / 1000,
    });
    socket.disconnect(true);
    entry?.onCut();
  }
  return false;
}

type Notice = Parameters<HubServerEvents['limits:disconnect']>[0];

/**
 * Writes the notice straight to the connection, ahead of the disconnect. With connection state
 * recovery on, `socket.emit` goes out through the adapter's Redis stream and would arrive after
 * the socket is gone; Socket.IO's own `packet` (what acks use) writes at once, in order.
 */
function tellBeforeClosing(socket: HubSocket, notice: Notice): void {
  const direct = socket as unknown as { packet?: (packet: { type: number; data: unknown[] }) => void };
  if (typeof direct.packet === 'function') direct.packet({ type: 2 /* EVENT */, data: ['limits:disconnect', notice] });
  else socket.emit('limits:disconnect', notice);
}

/**
 * Tokens whose socket was cut off lately: the handshake refuses them until their time is up, so a
 * client that reconnects at once to flood again costs a refused handshake, not a session. Kept
 * per node, in memory, by a hash of the token.
 */
export class ShutOut {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ms = REFUSAL_WINDOW_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  add(token: string): void {
    const now = this.now();
    for (const [key, end] of this.until) if (end <= now) this.until.delete(key);
    this.until.set(tokenKey(token), now + this.ms);
  }

  /** Whole seconds until `token` may connect again; 0 when it may now. */
  secondsLeft(token: string): number {
    const end = this.until.get(tokenKey(token));
    return end === undefined ? 0 : Math.max(0, Math.ceil((end - this.now()) / 1000));
  }
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
