// Queue order and waiting-time estimates, the rules behind the queue endpoint, call-next, the
// board and patients' own place: who is served, who waits in which order, and how long.
import { describe, expect, it } from 'vitest';
import { orderQueue, type QueueItem, typicalVisitMinutes, waitingEtas } from './queue.js';

/** Minutes after 09:00 UTC on a fixed day. */
const t = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 9, minutes));

function item(id: string, over: Partial<QueueItem> = {}): QueueItem & { label: string } {
  return {
    appointmentId: id,
    label: `visit ${id}`,
    status: 'checked_in',
    priority: 'regular',
    walkIn: false,
    frontOfQueue: false,
    startAt: t(0),
    checkedInAt: t(0),
    calledAt: null,
    startedAt: null,
    ...over,
  };
}

const ids = (items: QueueItem[]) => items.map((i) => i.appointmentId);

describe('orderQueue', () => {
  it('puts called and in-room patients in serving, by call time, and only checked-in ones in waiting', () => {
    const { serving, waiting } = orderQueue([
      item('w1'),
      item('inRoom', { status: 'in_progress', calledAt: t(20), startedAt: t(22) }),
      item('called', { status: 'called', calledAt: t(10) }),
      item('w2', { startAt: t(15) }),
    ]);
    expect(ids(serving)).toEqual(['called', 'inRoom']);
    expect(ids(waiting)).toEqual(['w1', 'w2']);
  });

  it('orders booked visits by appointment time, not by arrival', () => {
    const { waiting } = orderQueue([
      item('at10', { startAt: t(60), checkedInAt: t(0) }),
      item('at9', { startAt: t(0), checkedInAt: t(30) }),
      item('at930', { startAt: t(30), checkedInAt: t(5) }),
    ]);
    expect(ids(waiting)).toEqual(['at9', 'at930', 'at10']);
  });

  it('slots a walk-in in by its check-in time between booked visits whose patients were not waiting yet', () => {
    const { waiting } = orderQueue([
      item('booked10', { startAt: t(60), checkedInAt: t(50) }),
      item('walkIn', { walkIn: true, startAt: t(200), checkedInAt: t(40) }),
      item('booked9', { startAt: t(0), checkedInAt: t(0) }),
    ]);
    expect(ids(waiting)).toEqual(['booked9', 'walkIn', 'booked10']);
  });

  it('never puts a later walk-in ahead of a booked patient already checked in and waiting for their time', () => {
    const { waiting } = orderQueue([
      item('booked10', { startAt: t(60), checkedInAt: t(0) }),
      item('walkIn', { walkIn: true, startAt: t(200), checkedInAt: t(40) }),
      item('booked9', { startAt: t(0), checkedInAt: t(0) }),
      item('walkInLater', { walkIn: true, startAt: t(210), checkedInAt: t(45) }),
    ]);
    expect(ids(waiting)).toEqual(['booked9', 'booked10', 'walkIn', 'walkInLater']);
  });

  it('orders a mix of early booked arrivals and walk-ins consistently (booked in time order, walk-ins in arrival order)', () => {
    const { waiting } = orderQueue([
      item('b11', { startAt: t(120), checkedInAt: t(0) }),
      item('w', { walkIn: true, checkedInAt: t(10) }),
      item('b1030', { startAt: t(90), checkedInAt: t(25) }),
    ]);
    expect(ids(waiting)).toEqual(['b1030', 'b11', 'w']);
  });

  it('still lets an urgent walk-in go first', () => {
    const { waiting } = orderQueue([
      item('booked', { startAt: t(60), checkedInAt: t(0) }),
      item('urgentWalkIn', { walkIn: true, priority: 'urgent', checkedInAt: t(40) }),
    ]);
    expect(ids(waiting)).toEqual(['urgentWalkIn', 'booked']);
  });

  it('puts urgent patients before regular ones, in check-in order whatever their appointment time', () => {
    const { waiting } = orderQueue([
      item('regularEarly', { startAt: t(0), checkedInAt: t(0) }),
      item('urgentLate', { priority: 'urgent', startAt: t(0), checkedInAt: t(50) }),
      item('urgentEarly', { priority: 'urgent', startAt: t(90), checkedInAt: t(10) }),
    ]);
    expect(ids(waiting)).toEqual(['urgentEarly', 'urgentLate', 'regularEarly']);
  });

  it('puts a patient whose call was undone back at the head, before urgent patients', () => {
    const { waiting } = orderQueue([
      item('urgent', { priority: 'urgent', checkedInAt: t(0) }),
      item('first', { startAt: t(0) }),
      item('undone', { frontOfQueue: true, startAt: t(120), checkedInAt: t(100) }),
    ]);
    expect(ids(waiting)).toEqual(['undone', 'urgent', 'first']);
  });

  it('breaks a tie in queue time by check-in time', () => {
    const { waiting } = orderQueue([
      item('later', { startAt: t(30), checkedInAt: t(20) }),
      item('sooner', { startAt: t(30), checkedInAt: t(10) }),
    ]);
    expect(ids(waiting)).toEqual(['sooner', 'later']);
  });

  it('keeps the callers’ own fields and leaves the input array as it was', () => {
    const input = [item('b', { startAt: t(30) }), item('a', { startAt: t(0) })];
    const { waiting } = orderQueue(input);
    expect(waiting[0]?.label).toBe('visit a');
    expect(ids(input)).toEqual(['b', 'a']);
  });
});

describe('typicalVisitMinutes', () => {
  it('uses the configured length until there are three real visits', () => {
    expect(typicalVisitMinutes([], 15)).toBe(15);
    expect(typicalVisitMinutes([40 * 60_000, 40 * 60_000], 15)).toBe(15);
  });

  it('is the mean of the recent visits once there are three or more', () => {
    expect(
      typicalVisitMinutes(
        [10, 20, 30].map((m) => m * 60_000),
        15,
      ),
    ).toBe(20);
  });

  it('keeps the estimate between half and three times the configured length', () => {
    expect(
      typicalVisitMinutes(
        [1, 1, 1].map((m) => m * 60_000),
        20,
      ),
    ).toBe(10);
    expect(
      typicalVisitMinutes(
        [240, 240, 240].map((m) => m * 60_000),
        20,
      ),
    ).toBe(60);
  });
});

describe('waitingEtas', () => {
  const now = t(30);

  it('with nobody being served, the first waits nothing and each next one visit more', () => {
    expect(waitingEtas([], 3, 15, now)).toEqual([0, 15, 30]);
  });

  it('counts what is left of a visit in the room', () => {
    const inRoom = item('r', { status: 'in_progress', calledAt: t(18), startedAt: t(20) });
    expect(waitingEtas([inRoom], 2, 15, now)).toEqual([5, 20]);
  });

  it('counts a whole visit for a patient called but not yet in the room', () => {
    const called = item('c', { status: 'called', calledAt: t(29) });
    expect(waitingEtas([called], 2, 15, now)).toEqual([15, 30]);
  });

  it('counts nothing (not less than nothing) for a visit running over', () => {
    const over = item('o', { status: 'in_progress', calledAt: t(0), startedAt: t(0) });
    expect(waitingEtas([over], 2, 15, now)).toEqual([0, 15]);
  });

  it('adds the doctor’s delay to everyone and rounds up to whole minutes', () => {
    expect(waitingEtas([], 2, 12.5, now, 10)).toEqual([10, 23]);
  });

  it('returns one estimate per waiting patient, none for an empty queue', () => {
    expect(waitingEtas([], 0, 15, now, 30)).toEqual([]);
  });
});
