// Queue order and waiting-time estimates, in one place: the queue endpoint, call-next, the
// waiting-room board and patients' own position all use these rules.
//
// Order: whoever is called or in the room first; then anyone whose call was undone (back to
// the head of the queue); then urgent patients by check-in time; then everyone else by "queue
// time". A booked visit's queue time is its appointment time. A walk-in's is its check-in time,
// so walk-ins slot in between booked visits as they arrive, but never ahead of a booked patient
// who was already checked in and waiting when the walk-in arrived: such a walk-in's queue time is
// at least that patient's appointment time (and on a tie the booked patient goes first).
export interface QueueItem {
  appointmentId: string;
  status: 'checked_in' | 'called' | 'in_progress';
  priority: 'regular' | 'urgent';
  walkIn: boolean;
  frontOfQueue: boolean;
  startAt: Date;
  checkedInAt: Date;
  calledAt: Date | null;
  startedAt: Date | null;
}

/**
 * Each waiting visit's queue time (ms). A walk-in's is its check-in time, raised to the latest
 * appointment time of the booked patients already waiting when it checked in. One number per
 * visit, so the order is a total order (no comparator that depends on the pair compared).
 */
function queueTimes(waiting: QueueItem[]): Map<QueueItem, number> {
  const booked = waiting.filter((i) => !i.walkIn);
  const times = new Map<QueueItem, number>();
  for (const item of waiting) {
    if (!item.walkIn) {
      times.set(item, item.startAt.getTime());
      continue;
    }
    let time = item.checkedInAt.getTime();
    for (const b of booked) if (b.checkedInAt <= item.checkedInAt) time = Math.max(time, b.startAt.getTime());
    times.set(item, time);
  }
  return times;
}

export function orderQueue<T extends QueueItem>(items: T[]): { serving: T[]; waiting: T[] } {
  const serving = items
    .filter((i) => i.status === 'called' || i.status === 'in_progress')
    .sort((a, b) => (a.calledAt?.getTime() ?? 0) - (b.calledAt?.getTime() ?? 0));
  const unsorted = items.filter((i) => i.status === 'checked_in');
  // Only regular patients queue by queue time; urgent ones go by check-in among themselves.
  const times = queueTimes(unsorted.filter((i) => i.priority === 'regular' && !i.frontOfQueue));
  const waiting = unsorted.sort((a, b) => {
    if (a.frontOfQueue !== b.frontOfQueue) return a.frontOfQueue ? -1 : 1;
    if (a.priority !== b.priority) return a.priority === 'urgent' ? -1 : 1;
    if (a.priority === 'urgent' || a.frontOfQueue) return a.checkedInAt.getTime() - b.checkedInAt.getTime();
    return (
      times.get(a)! - times.get(b)! ||
      // On the same queue time the booked patient goes first, then earlier arrivals.
      Number(a.walkIn) - Number(b.walkIn) ||
      a.checkedInAt.getTime() - b.checkedInAt.getTime() ||
      a.appointmentId.localeCompare(b.appointmentId)
    );
  });
  return { serving, waiting };
}

/**
 * The doctor's typical visit length: the mean of their last real consultations (started to
 * completed) when there are at least three, else the configured consultation minutes.
 */
export function typicalVisitMinutes(recentDurationsMs: number[], consultationMinutes: number): number {
  if (recentDurationsMs.length < 3) return consultationMinutes;
  const mean = recentDurationsMs.reduce((sum, d) => sum + d, 0) / recentDurationsMs.length / 60_000;
  // Guard against outliers (a visit left open over lunch) pulling every estimate off.
  return Math.min(Math.max(mean, consultationMinutes / 2), consultationMinutes * 3);
}

/**
 * Minutes until each waiting patient is likely to be called: what is left of the current
 * visit, plus one typical visit per patient ahead, plus any delay staff set for the doctor.
 */
export function waitingEtas(serving: QueueItem[], waitingCount: number, visitMinutes: number, now: Date, delayMinutes = 0): number[] {
  let ahead = delayMinutes;
  for (const s of serving) {
    const elapsed = s.startedAt ? (now.getTime() - s.startedAt.getTime()) / 60_000 : 0;
    ahead += Math.max(0, visitMinutes - elapsed);
  }
  return Array.from({ length: waitingCount }, (_, i) => Math.max(0, Math.ceil(ahead + i * visitMinutes)));
}
