// Whether a time can be booked for a patient with a doctor, and how long the visit is: the checks
// every booking path shares (single, weekly series, reschedule, hold). They run inside the
// caller's transaction, after it locked the doctor (doctors/repository.ts lockDoctor), so what they
// see cannot change before the write.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { appointmentTypes } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode } from '../../errors.js';
import { type DoctorForBooking, weeklyRules } from '../doctors/repository.js';
import { type BusyInterval, busyIntervals } from './calendar.js';
import { checkSlot, overlaps, type WeeklyRule } from './slots.js';

export const MINUTE = 60_000;

export const slotUnavailable = (message: string, details?: Record<string, unknown>) =>
  new AppError(409, ErrorCode.SLOT_UNAVAILABLE, message, details);

/** The visit's length: its appointment type's, or the doctor's usual consultation. */
export async function visitLength(
  db: Database | Tx,
  doctor: DoctorForBooking,
  typeKey: string | undefined,
): Promise<{ minutes: number; typeId: string | null }> {
  if (!typeKey) return { minutes: doctor.consultationMinutes, typeId: null };
  const [type] = await db
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.key, typeKey), eq(appointmentTypes.active, true)));
  if (!type) throw badRequest(`Unknown appointment type "${typeKey}"`);
  return { minutes: type.durationMinutes, typeId: type.id };
}

type SlotVerdict =
  | { ok: true; locationId: string; ownHold: boolean; overlapsVisit: boolean }
  | { ok: false; status: 400 | 409; code: ErrorCode; message: string };

type Refusal = Extract<SlotVerdict, { ok: false }>;
const refuse = (status: 400 | 409, code: ErrorCode, message: string): Refusal => ({ ok: false, status, code, message });

/** The checks that need no busy times: an active doctor, a future start, inside the weekly hours and on their grid. */
export function judgeHours(
  doctor: DoctorForBooking,
  rules: WeeklyRule[],
  start: Date,
  minutes: number,
  now: Date,
): { ok: true; locationId: string } | Refusal {
  if (!doctor.active) return refuse(409, ErrorCode.DOCTOR_INACTIVE, 'This doctor is not taking appointments');
  if (start <= now) return refuse(400, ErrorCode.SLOT_IN_PAST, 'That time has already passed');
  const check = checkSlot(rules, start, minutes, doctor.consultationMinutes);
  if (!check.ok) {
    return check.reason === 'NOT_ON_GRID'
      ? refuse(400, ErrorCode.SLOT_NOT_ON_GRID, `Appointments start every ${doctor.consultationMinutes} minutes from the opening time`)
      : refuse(409, ErrorCode.SLOT_UNAVAILABLE, 'The doctor does not work at that time');
  }
  return { ok: true, locationId: check.locationId };
}

/** Whether the busy times around [start, end) leave it free for this patient (their own hold does not count). */
export function judgeBusy(
  busy: BusyInterval[],
  patientId: string,
  start: Date,
  end: Date,
  locationId: string,
  opts: { overbook: boolean },
): SlotVerdict {
  for (const b of busy) {
    if (!overlaps({ start, end }, b)) continue;
    if (b.kind === 'unavailable') return refuse(409, ErrorCode.SLOT_UNAVAILABLE, 'The doctor is away at that time');
    if (b.kind === 'held' && b.patientId !== patientId) return refuse(409, ErrorCode.SLOT_UNAVAILABLE, 'Someone else is booking that time');
    if (b.kind === 'appointment' && !opts.overbook) return refuse(409, ErrorCode.SLOT_UNAVAILABLE, 'That time is already booked');
  }
  const ownHold = busy.some((b) => b.kind === 'held' && b.patientId === patientId);
  const overlapsVisit = busy.some((b) => b.kind === 'appointment' && overlaps({ start, end }, b));
  return { ok: true, locationId, ownHold, overlapsVisit };
}

/** Whether [start, start + minutes) can be booked for this patient, and if not, why. */
export async function judgeSlot(
  tx: Tx,
  doctor: DoctorForBooking,
  patientId: string,
  start: Date,
  minutes: number,
  now: Date,
  opts: { overbook: boolean; excludeAppointmentId?: string },
): Promise<SlotVerdict> {
  // Inactive and past are answered before the rules are read.
  const hours = !doctor.active || start <= now ? judgeHours(doctor, [], start, minutes, now) : null;
  if (hours && !hours.ok) return hours;
  const inHours = judgeHours(doctor, await weeklyRules(tx, doctor.id), start, minutes, now);
  if (!inHours.ok) return inHours;
  const end = new Date(start.getTime() + minutes * MINUTE);
  const busy = await busyIntervals(tx, doctor.id, start, end, now, { excludeAppointmentId: opts.excludeAppointmentId });
  return judgeBusy(busy, patientId, start, end, inHours.locationId, opts);
}

/** The slot's location (and whether the patient holds it), or the AppError that says why it cannot be booked. */
export async function assertSlotFree(
  ...args: Parameters<typeof judgeSlot>
): Promise<{ locationId: string; ownHold: boolean; overlapsVisit: boolean }> {
  const verdict = await judgeSlot(...args);
  if (!verdict.ok) throw new AppError(verdict.status, verdict.code, verdict.message);
  return verdict;
}
