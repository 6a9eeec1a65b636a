// The newest board or queue this node built, per room, with the seq it belongs to. Subscribers
// are answered from it instead of a query when it is still the current seq and either young
// (FRESH_MS: a new subscriber, a screen re-syncing after a gap) or asked for by a socket that is
// in the room already (a repeat: nothing it needs has changed). Concurrent misses of one room
// share one build, so a burst of subscriptions costs at most one query per room and seq.
// The publisher puts every view it pushes; a change published by another node moves the seq in
// Redis, so the entry here no longer matches and the next subscriber builds afresh.

/** How long a cached view is good for a new subscriber at an unchanged seq. */
export const FRESH_MS = 5_000;
/** Rooms kept; the oldest entry goes first (a clinic has far fewer boards and queues). */
const MAX_ENTRIES = 2_000;

interface Entry<V> {
  seq: number;
  view: V;
  at: number;
}

export class ViewCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly building = new Map<string, Promise<V>>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Keeps `view` as the room's view at `seq`, unless a newer one is kept already. */
  put(room: string, seq: number, view: V): void {
    const current = this.entries.get(room);
    if (current && current.seq > seq) return;
    this.entries.delete(room);
    this.entries.set(room, { seq, view, at: this.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  /**
   * The room's view at `seq`: the kept one if it still serves (same seq, and young or `repeat`),
   * else built once by `build` for every caller waiting on this room and seq.
   */
  async get(room: string, seq: number, repeat: boolean, build: () => Promise<V>): Promise<V> {
    const kept = this.entries.get(room);
    if (kept && kept.seq === seq && (repeat || this.now() - kept.at < FRESH_MS)) return kept.view;
    const key = `${room}#${seq}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = build().then(
        (view) => {
          this.building.delete(key);
          this.put(room, seq, view);
          return view;
        },
        (err: unknown) => {
          this.building.delete(key);
          throw err;
        },
      );
      this.building.set(key, pending);
    }
    return pending;
  }
}
