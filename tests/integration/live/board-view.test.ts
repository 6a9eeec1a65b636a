// The board from one statement (scheduling/board-repository.ts) is the board the earlier
// query-per-part builder made: the same doctors in the same order, the same queue order, ETAs,
// labels and recent calls, including the cases where "today" differs between the location and a
// visiting doctor's home zone. The reference is that earlier builder, kept verbatim over the
// repository functions it used (tests/support/board-reference.ts).
//
// The rows are inserted directly: the test needs exact instants and states (calls, completed
// visits of known length, tickets of yesterday and tomorrow in some zone) that a day of HTTP
// calls cannot produce.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { appointments, doctors as doctorsTable } from '../../../db/schema/index.js';
import { LocationsService } from '../../../server/modules/locations/service.js';
import { boardView } from '../../../server/modules/scheduling/queue-service.js';
import { referenceBoard } from '../../support/board-reference.js';
import { createLocation, doctor, patient } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
afterAll(() => hub?.close());

const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const dateIn = (zone: string, days = 0) => DateTime.fromJSDate(now, { zone }).plus({ days }).toISODate()!;
// Fourteen hours ahead of UTC and eleven behind: the two are never on the same date.
const HERE = 'Pacific/Kiritimati';
const AWAY = 'Pacific/Pago_Pago';

let board: { id: string };
let ticketNo = 0;
let refNo = 0;

beforeAll(async () => {
  hub = await startTestHub();
  board = await createLocation(hub, HERE);
  const away = await createLocation(hub, AWAY);
  const [own1, own2, retired, retiredIdle, visiting] = await Promise.all([
    doctor(hub, board.id),
    doctor(hub, board.id),
    doctor(hub, board.id),
    doctor(hub, board.id),
    doctor(hub, away.id),
  ]);
  const db = hub.app.db;
  await db.update(doctorsTable).set({ room: '2', delayMinutes: 7 }).where(eq(doctorsTable.id, own1.doctorId!));
  await db.update(doctorsTable).set({ room: '1' }).where(eq(doctorsTable.id, own2.doctorId!));
  await db.update(doctorsTable).set({ active: false }).where(eq(doctorsTable.id, retired.doctorId!));
  await db.update(doctorsTable).set({ active: false }).where(eq(doctorsTable.id, retiredIdle.doctorId!));
  const people = await Promise.all(Array.from({ length: 24 }, () => patient(hub, false)));
  let next = 0;

  const visit = async (
    doctorId: string,
    fields: Partial<typeof appointments.$inferInsert> & { status: (typeof appointments.$inferInsert)['status'] },
    locationId = board.id,
    ticketDate: string | null = dateIn(HERE),
  ) => {
    // A start of its own per visit: a doctor holds one visit per start (appointments_doctor_active_start_unique).
    const startAt = fields.startAt ?? minutesAgo(100 + refNo);
    await db.insert(appointments).values({
      id: newId(),
      bookingReference: `BV${(refNo++).toString().padStart(6, '0')}`,
      doctorId,
      patientId: people[next++ % people.length]!.patientId,
      locationId,
      startAt,
      endAt: new Date(startAt.getTime() + 15 * 60_000),
      ticket: ticketDate ? `T-${(ticketNo++).toString().padStart(3, '0')}` : null,
      ticketDate,
      ...fields,
    });
  };
  const d1 = own1.doctorId!;
  const d2 = own2.doctorId!;
  // Doctor 1: one in the room (started 5 min ago), a call undone, an urgent, booked and walk-ins.
  await visit(d1, { status: 'in_progress', checkedInAt: minutesAgo(50), calledAt: minutesAgo(8), startedAt: minutesAgo(5) });
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(40), frontOfQueue: true });
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(35), priority: 'urgent', walkIn: true });
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(30), startAt: minutesAgo(10) });
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(20), walkIn: true, startAt: minutesAgo(20) });
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(15), startAt: minutesAgo(-20) });
  // Not in today's queue: cancelled, a no-show, yesterday's open check-in, another location's.
  await visit(d1, { status: 'cancelled', checkedInAt: minutesAgo(15) });
  await visit(d1, { status: 'no_show', calledAt: minutesAgo(60) });
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(25 * 60) }, board.id, dateIn(HERE, -1));
  await visit(d1, { status: 'checked_in', checkedInAt: minutesAgo(12) }, away.id, dateIn(AWAY));
  // Doctor 1's typical visit: eleven completed visits (the newest ten count), some elsewhere.
  for (let i = 0; i < 11; i++)
    await visit(
      d1,
      {
        status: 'completed',
        calledAt: minutesAgo(300 + i * 30),
        startedAt: minutesAgo(290 + i * 30),
        completedAt: minutesAgo(290 + i * 30 - 9 - i),
      },
      i % 3 ? board.id : away.id,
      i % 2 ? dateIn(HERE) : dateIn(HERE, -1),
    );
  // Doctor 2: called, not started; two waiting; two completed visits only (consultation minutes).
  await visit(d2, { status: 'called', checkedInAt: minutesAgo(22), calledAt: minutesAgo(2) });
  await visit(d2, { status: 'checked_in', checkedInAt: minutesAgo(18) });
  await visit(d2, { status: 'checked_in', checkedInAt: minutesAgo(9), walkIn: true });
  await visit(d2, { status: 'completed', calledAt: minutesAgo(100), startedAt: minutesAgo(95), completedAt: minutesAgo(60) });
  await visit(d2, { status: 'completed', calledAt: minutesAgo(200), startedAt: minutesAgo(195), completedAt: minutesAgo(180) });
  // An inactive doctor still has a patient queued here today: shown; another without: not shown.
  await visit(retired.doctorId!, { status: 'checked_in', checkedInAt: minutesAgo(11) });
  // The visiting doctor: queued here on this location's today (so on the board) and on their
  // own today (the column shows those), never the same date.
  await visit(visiting.doctorId!, { status: 'checked_in', checkedInAt: minutesAgo(14) });
  await visit(visiting.doctorId!, { status: 'checked_in', checkedInAt: minutesAgo(13) }, board.id, dateIn(AWAY));
  await visit(visiting.doctorId!, { status: 'called', checkedInAt: minutesAgo(16), calledAt: minutesAgo(1) }, board.id, dateIn(AWAY));
  // Calls here on other dates than today's stay off the recent calls.
  await visit(
    d2,
    { status: 'completed', calledAt: minutesAgo(3), startedAt: minutesAgo(3), completedAt: minutesAgo(1) },
    board.id,
    dateIn(HERE, 1),
  );
});

describe('the board from one statement', () => {
  it('is the board the per-part builder made, with initials', async () => {
    const built = await boardView(hub.app.db, board.id, now);
    expect(built).toEqual(await referenceBoard(hub.app.db, board.id, now));
    // The case is not empty: four columns (two own, the inactive one with a patient, the visitor),
    // queues, a serving ticket, ETAs, labels and five of the seven calls today.
    expect(built.doctors).toHaveLength(4);
    // Room 1 (three doctors, by last name) before room 2 (doctor 1, five waiting).
    expect(built.doctors.map((d) => d.room)).toEqual(['1', '1', '1', '2']);
    expect(built.doctors.map((d) => d.waiting.length).sort()).toEqual([1, 1, 2, 5]);
    expect(built.doctors.some((d) => d.nowServing)).toBe(true);
    expect(built.recentCalls).toHaveLength(5);
    expect(built.doctors[3]!.waiting[0]!.patientLabel).toMatch(/^P\. P\.$/);
  });

  it('is the same board without initials, at another instant (ETAs move with the clock)', async () => {
    await new LocationsService(hub.app.db).update(board.id, { boardShowsInitials: false });
    const later = new Date(now.getTime() + 4 * 60_000);
    const built = await boardView(hub.app.db, board.id, later);
    expect(built).toEqual(await referenceBoard(hub.app.db, board.id, later));
    expect(built.doctors.flatMap((d) => d.waiting.map((w) => w.patientLabel))).toEqual(
      built.doctors.flatMap((d) => d.waiting.map(() => null)),
    );
  });

  it('refuses an unknown location as before (404)', async () => {
    await expect(boardView(hub.app.db, newId(), now)).rejects.toMatchObject({ statusCode: 404 });
  });
});
