// Keeping a live view (board, queue, pharmacy queue) in step with the hub (docs/EVENTS.md). Every
// change carries a seq, one more than the last: the newest seq wins, and a seq further on than the
// next one means updates were missed, so the view asks for a snapshot. A seq a little below the one
// shown is normal (two nodes publishing at once) and is dropped; one far below it means the hub's
// counters started again (a Redis that lost its data, before counters were seeded from its clock):
// the view asks for a snapshot and takes it whatever its seq, instead of ignoring the hub forever.

/** How far below the shown seq an update must be to mean "the counters were reset", not "late". */
const RESET_BELOW = 1_000;

export interface UpdateVerdict {
  /** Show this update. */
  show: boolean;
  /** Ask the hub for a snapshot (after a gap, or after the counters were reset). */
  resync: boolean;
}

export class SeqKeeper {
  private seq = -1;
  private reset = false;

  /** An update the hub pushed. */
  update(seq: number): UpdateVerdict {
    if (this.seq >= 0 && seq < this.seq - RESET_BELOW) {
      this.reset = true;
      return { show: false, resync: true };
    }
    if (seq <= this.seq) return { show: false, resync: false };
    const gap = this.seq >= 0 && seq > this.seq + 1;
    this.seq = seq;
    return { show: true, resync: gap };
  }

  /** A snapshot the view asked for: shown unless a newer update is shown already, or the counters were reset. */
  snapshot(seq: number): boolean {
    if (seq < this.seq && !this.reset) return false;
    this.reset = false;
    this.seq = seq;
    return true;
  }

  /** The seq shown (-1 before the first view). */
  get current(): number {
    return this.seq;
  }
}
