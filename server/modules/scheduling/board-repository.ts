// Everything a location's waiting-room board is built from, in one statement (one round trip):
// the location, the doctors the board shows, their queue rows here, their recent visit lengths
// and the latest calls. The publisher builds a board on every queue change while a thousand
// screens wait for it; before, that took five or more sequential queries (issue 20).
//
// "Today" depends on time zones the statement cannot know before it runs (the location's for
// which doctors and calls count, each doctor's home zone for their queue), so it reads the rows
// of the three dates any zone can be on now (UTC yesterday, today, tomorrow) and the caller keeps
// the right date's rows (queue-service.ts boardView). Instants come back as the UTC text of the
// DATETIME(3) columns, as mysql2 reads them with `timezone: 'Z'`.
import { sql } from 'drizzle-orm';
import type { Reader } from '../../../db/transactions.js';
import { IN_QUEUE } from './appointments-repository.js';

/** The recent consultations a doctor's typical visit length is the mean of. */
export const RECENT_VISITS = 10;
/** The calls the board lists under the banner. */
export const RECENT_CALLS = 5;

export interface BoardLocationRow {
  timezone: string;
  initials: boolean;
}
export interface BoardDoctorRow {
  id: string;
  firstName: string;
  lastName: string;
  room: string;
  delayMinutes: number;
  consultationMinutes: number;
  /** The zone of the doctor's home location: their queue's "today". */
  homeZone: string;
  /** Whether the doctor belongs to this location and is active (else: visiting, queued here). */
  own: boolean;
}
export interface BoardQueueRow {
  id: string;
  doctorId: string;
  ticket: string | null;
  ticketDate: string;
  status: 'checked_in' | 'called' | 'in_progress';
  priority: 'regular' | 'urgent';
  walkIn: boolean;
  frontOfQueue: boolean;
  startAt: Date;
  checkedInAt: Date | null;
  calledAt: Date | null;
  startedAt: Date | null;
  firstName: string;
  lastName: string;
}
export interface BoardCallRow {
  ticket: string | null;
  ticketDate: string;
  calledAt: Date;
  room: string;
  firstName: string;
  lastName: string;
}
export interface BoardRows {
  location: BoardLocationRow | null;
  doctors: BoardDoctorRow[];
  queue: BoardQueueRow[];
  /** Per doctor, the lengths (ms) of their latest completed consultations, newest first. */
  durations: Map<string, number[]>;
  calls: BoardCallRow[];
}

const inQueue = sql.join(
  IN_QUEUE.map((s) => sql`${s}`),
  sql`, `,
);

/** `dates`: the candidate local dates (UTC yesterday, today, tomorrow). */
export async function boardRows(db: Reader, locationId: string, dates: readonly string[]): Promise<BoardRows> {
  const days = sql.join(
    dates.map((d) => sql`${d}`),
    sql`, `,
  );
  const [result] = (await db.execute(sql`
    with q as (
      select a.id, a.doctor_id, a.ticket, a.ticket_date, a.status, a.priority, a.walk_in, a.front_of_queue,
        a.start_at, a.checked_in_at, a.called_at, a.started_at, p.first_name, p.last_name
      from appointments a join patients p on p.id = a.patient_id
      where a.location_id = ${locationId} and a.ticket_date in (${days}) and a.status in (${inQueue})
    ),
    d as (
      select d.id, d.first_name, d.last_name, d.room, d.delay_minutes, d.consultation_minutes,
        hl.timezone as home_zone, (d.location_id = ${locationId} and d.active) as own
      from doctors d join locations hl on hl.id = d.location_id
      where (d.location_id = ${locationId} and d.active) or d.id in (select doctor_id from q)
    ),
    durations as (
      select doctor_id, ms, n from (
        select a.doctor_id, timestampdiff(microsecond, a.started_at, a.completed_at) div 1000 as ms,
          row_number() over (partition by a.doctor_id order by a.completed_at desc) as n
        from appointments a
        where a.doctor_id in (select id from d) and a.status = 'completed' and a.started_at is not null
      ) x where n <= ${RECENT_VISITS} and ms is not null
    ),
    calls as (
      select ticket, ticket_date, called_at, room, first_name, last_name from (
        select a.ticket, a.ticket_date, a.called_at, cd.room, cd.first_name, cd.last_name,
          row_number() over (partition by a.ticket_date order by a.called_at desc) as n
        from appointments a join doctors cd on cd.id = a.doctor_id
        where a.location_id = ${locationId} and a.ticket_date in (${days}) and a.called_at is not null
      ) x where n <= ${RECENT_CALLS}
    )
    select
      (select json_object('timezone', l.timezone, 'initials', l.board_shows_initials) from locations l where l.id = ${locationId}) as location,
      (select json_arrayagg(json_object('id', id, 'firstName', first_name, 'lastName', last_name, 'room', room,
        'delayMinutes', delay_minutes, 'consultationMinutes', consultation_minutes, 'homeZone', home_zone, 'own', own)
        order by room, last_name) from d) as doctors,
      (select json_arrayagg(json_object('id', id, 'doctorId', doctor_id, 'ticket', ticket, 'ticketDate', ticket_date, 'status', status,
        'priority', priority, 'walkIn', walk_in, 'frontOfQueue', front_of_queue, 'startAt', start_at, 'checkedInAt', checked_in_at,
        'calledAt', called_at, 'startedAt', started_at, 'firstName', first_name, 'lastName', last_name)) from q) as queue,
      (select json_arrayagg(json_object('d', doctor_id, 'ms', ms) order by doctor_id, n) from durations) as durations,
      (select json_arrayagg(json_object('ticket', ticket, 'ticketDate', ticket_date, 'calledAt', called_at, 'room', room,
        'firstName', first_name, 'lastName', last_name)) from calls) as calls
  `)) as unknown as [Record<'location' | 'doctors' | 'queue' | 'durations' | 'calls', unknown>[]];
  const row = result[0]!;
  // mysql2 hands over a column it is told is JSON already parsed, and text otherwise.
  const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
  const list = <T>(value: unknown): T[] => (value == null ? [] : (parsed(value) as T[]));

  // Doctors come in the board's order (by room, then last name, in the database's collation).
  const location = row.location == null ? null : (parsed(row.location) as { timezone: string; initials: number | boolean });
  const doctors = list<Omit<BoardDoctorRow, 'own'> & { own: number | boolean }>(row.doctors).map((d) => ({ ...d, own: Boolean(d.own) }));
  type RawQueue = Omit<BoardQueueRow, 'walkIn' | 'frontOfQueue' | 'startAt' | 'checkedInAt' | 'calledAt' | 'startedAt'> & {
    walkIn: number | boolean;
    frontOfQueue: number | boolean;
    startAt: string;
    checkedInAt: string | null;
    calledAt: string | null;
    startedAt: string | null;
  };
  const queue = list<RawQueue>(row.queue).map((r) => ({
    ...r,
    walkIn: Boolean(r.walkIn),
    frontOfQueue: Boolean(r.frontOfQueue),
    startAt: instant(r.startAt),
    checkedInAt: maybeInstant(r.checkedInAt),
    calledAt: maybeInstant(r.calledAt),
    startedAt: maybeInstant(r.startedAt),
  }));
  // Oldest check-in first, as the queue was always read (the order rules sort the rest).
  queue.sort((a, b) => (a.checkedInAt?.getTime() ?? 0) - (b.checkedInAt?.getTime() ?? 0));
  const durations = new Map<string, number[]>();
  // Newest first per doctor: the ms come back in the window's order (completed_at desc).
  for (const { d, ms } of list<{ d: string; ms: number }>(row.durations)) {
    const mine = durations.get(d) ?? [];
    mine.push(Number(ms));
    durations.set(d, mine);
  }
  const calls = list<Omit<BoardCallRow, 'calledAt'> & { calledAt: string }>(row.calls).map((c) => ({
    ...c,
    calledAt: instant(c.calledAt),
  }));
  calls.sort((a, b) => b.calledAt.getTime() - a.calledAt.getTime());
  return { location: location && { timezone: location.timezone, initials: Boolean(location.initials) }, doctors, queue, durations, calls };
}

/** "2026-12-05 13:20:24.123" (a DATETIME(3), UTC) → the instant. */
function instant(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}
function maybeInstant(text: string | null): Date | null {
  return text === null ? null : instant(text);
}
