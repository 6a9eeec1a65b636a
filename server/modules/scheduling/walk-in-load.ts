// Walk-ins use up the doctor's day. A walk-in has no slot: it waits in the queue and takes a
// typical visit's time from whatever is free. So today's free slots are only really free after the
// queue has been worked through, and availability (desk and patients alike) offers none before it.
//
// The projection ("when will the queue be clear?"): the doctor starts on the queue once the current
// visit is over and any delay staff set has passed; each waiting patient (walk-in or booked and
// already checked in) then takes one typical visit (queue.ts typicalVisitMinutes), fitted into the
// doctor's working windows of today around what stays fixed: booked visits whose patients have not
// arrived yet (they keep their time) and time off. Slots starting before the projected clear time
// are not offered; if the queue cannot be worked through before the doctor's last working minute
// today, no slot today is offered at all.
import type { Interval } from './slots.js';

const MINUTE = 60_000;

/** Working time minus fixed blocks, sorted, from `from` on. */
function freeIntervals(windows: Interval[], fixed: Interval[], from: Date): Interval[] {
  const blocks = [...fixed].sort((a, b) => a.start.getTime() - b.start.getTime());
  const free: Interval[] = [];
  for (const w of [...windows].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    let cursor = Math.max(w.start.getTime(), from.getTime());
    const end = w.end.getTime();
    for (const b of blocks) {
      if (b.end.getTime() <= cursor || b.start.getTime() >= end) continue;
      if (b.start.getTime() > cursor) free.push({ start: new Date(cursor), end: b.start });
      cursor = Math.max(cursor, b.end.getTime());
    }
    if (cursor < end) free.push({ start: new Date(cursor), end: new Date(end) });
  }
  return free;
}

/**
 * When the doctor will have seen everyone waiting: `visits` visits of `visitMinutes` each, one after
 * another from `from`, each inside one free stretch of today's working time. Null when they do not
 * all fit before the day's working time ends. With nobody waiting it is `from` itself.
 */
export function queueClearTime(input: {
  windows: Interval[];
  fixed: Interval[];
  from: Date;
  visits: number;
  visitMinutes: number;
}): Date | null {
  if (input.visits <= 0) return input.from;
  const length = input.visitMinutes * MINUTE;
  let left = input.visits;
  let cursor = input.from.getTime();
  for (const stretch of freeIntervals(input.windows, input.fixed, input.from)) {
    cursor = Math.max(cursor, stretch.start.getTime());
    while (left > 0 && cursor + length <= stretch.end.getTime()) {
      cursor += length;
      left--;
    }
    if (left === 0) return new Date(cursor);
  }
  return null;
}
