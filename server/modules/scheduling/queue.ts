// Queue order and waiting-time estimates, in one place: the queue endpoint, call-next, the
// waiting-room board and patients' own position all use these rules.
//
// Order: whoever is called or in the room first; then anyone whose call was undone (back to
// the head of the queue); then urgent patients by check-in time; then
// everyone else by "queue time", which is the appointment time for booked visits and the
// check-in time for walk-ins, so walk-ins slot in between booked visits as they arrive.
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

const queueTime = (item: QueueItem) => (item.walkIn ? item.checkedInAt : item.startAt).getTime();

export function orderQueue<T extends QueueItem>(items: T[]): { serving: T[]; waiting: T[] } {
  const serving = items
    .filter((i) => i.status === 'called' || i.status === 'in_progress')
    .sort((a, b) => (a.calledAt?.getTime() ?? 0) - (b.calledAt?.getTime() ?? 0));
  const waiting = items
    .filter((i) => i.status === 'checked_in')
    .sort((a, b) => {
      if (a.frontOfQueue !== b.frontOfQueue) return a.frontOfQueue ? -1 : 1;
      if (a.priority !== b.priority) return a.priority === 'urgent' ? -1 : 1;
      if (a.priority === 'urgent') return a.checkedInAt.getTime() - b.checkedInAt.getTime();
      return queueTime(a) - queueTime(b) || a.checkedInAt.getTime() - b.checkedInAt.getTime();
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
