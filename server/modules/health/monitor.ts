// Keeps whether each store answers, for /health/ready, the hub_store_up metric and the log.
// The drivers reconnect by themselves (ioredis and the MongoDB driver with their own backoff, the
// MySQL pool on the next query); this only watches. A store that is up is probed every
// `intervalMs`; one that is down is probed sooner, with a backoff (0.5 s, 1 s, 2 s … up to
// `intervalMs`), so the hub reports it back soon after it returns. A request that failed on a store
// (suspect()) marks it down at once rather than waiting for the next probe.
import { EventEmitter } from 'node:events';
import { STORES, type StoreName } from './store-errors.js';

export type Probes = Record<StoreName, () => Promise<unknown>>;
export type Check = 'ok' | 'down';
export type Checks = Record<StoreName, Check>;

export interface StoreState {
  up: boolean;
  /** When the store last changed between up and down (ms since the epoch). */
  since: number;
  /** Probes in a row that failed. */
  failures: number;
}

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface MonitorOptions {
  intervalMs?: number;
  /** A probe unanswered this long counts as down. */
  timeoutMs?: number;
  log?: Logger;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class StoreMonitor extends EventEmitter<{ change: [store: StoreName, up: boolean] }> {
  private readonly states: Record<StoreName, StoreState>;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Checks> | null = null;
  private stopped = true;

  constructor(
    private readonly probes: Probes,
    private readonly opts: MonitorOptions = {},
  ) {
    super();
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    const now = Date.now();
    // Up until a probe says otherwise: a node that has not checked yet does not claim an outage.
    this.states = {
      mysql: { up: true, since: now, failures: 0 },
      mongo: { up: true, since: now, failures: 0 },
      redis: { up: true, since: now, failures: 0 },
    };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  state(store: StoreName): Readonly<StoreState> {
    return this.states[store];
  }

  isUp(store: StoreName): boolean {
    return this.states[store].up;
  }

  /** Probes every store now (calls made at the same time share one round of probes). */
  check(): Promise<Checks> {
    if (!this.running) {
      this.running = this.probeAll().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** A request failed because `store` did not answer: mark it down now and probe again soon. */
  suspect(store: StoreName): void {
    if (!this.states[store].up) return;
    this.record(store, false);
    if (!this.stopped) this.schedule(250);
  }

  private async probeAll(): Promise<Checks> {
    const results = await Promise.all(
      STORES.map(async (store) => {
        try {
          await withTimeout(this.probes[store](), this.timeoutMs);
          return 'ok' as const;
        } catch {
          return 'down' as const;
        }
      }),
    );
    const checks = Object.fromEntries(STORES.map((store, i) => [store, results[i]])) as Checks;
    for (const store of STORES) this.record(store, checks[store] === 'ok');
    return checks;
  }

  private record(store: StoreName, up: boolean): void {
    const state = this.states[store];
    state.failures = up ? 0 : state.failures + 1;
    if (state.up === up) return;
    const now = Date.now();
    const seconds = Math.round((now - state.since) / 1000);
    state.up = up;
    state.since = now;
    if (up) this.opts.log?.info({ store, downSeconds: seconds }, 'store is back');
    else this.opts.log?.warn({ store }, 'store is down: requests that need it answer 503 STORE_UNAVAILABLE');
    this.emit('change', store, up);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      this.timer = null;
      await this.check();
      if (this.stopped || this.timer) return;
      const worst = Math.max(...STORES.map((s) => this.states[s].failures));
      this.schedule(worst === 0 ? this.intervalMs : Math.min(this.intervalMs, 250 * 2 ** worst));
    }, delayMs);
    this.timer.unref();
  }

  /** Seconds a client should wait before trying again while `store` is down. */
  retryAfterSeconds(store: StoreName): number {
    return this.states[store].up ? 1 : Math.max(1, Math.min(5, Math.round(this.intervalMs / 1000)));
  }
}
