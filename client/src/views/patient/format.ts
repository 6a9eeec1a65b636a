// Words and times for people: visit times in the clinic's own time zone, statuses, waits, and
// every error as a sentence (the shared sentences, plus the few codes only this view meets).
import { clock } from '../../components/ui';
import type { AppointmentStatus, Location, Thread } from '../../lib/contract';
import { dateIn, dayAndTime, stamp as writtenAt } from '../../lib/datetime';
import { ApiError, sentenceFor } from '../../lib/errors';

export const ACTIVE: readonly AppointmentStatus[] = ['scheduled', 'confirmed', 'checked_in', 'called', 'in_progress'];
export const IN_CLINIC: readonly AppointmentStatus[] = ['checked_in', 'called', 'in_progress'];

const STATUS: Record<AppointmentStatus, string> = {
  scheduled: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  called: 'Called in',
  in_progress: 'With the doctor',
  completed: 'Done',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};

export const statusLabel = (s: AppointmentStatus) => STATUS[s] ?? s;

/** "Thu 5 Mar, 10:15" in the location's zone (the clinic's clock, which is what people go by). */
export function when(iso: string, location?: Location): string {
  return dayAndTime(iso, location?.timezone);
}

export { dateIn };

/** Today's date as the browser sees it, shifted by `days`. */
export function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return dateIn(d.getTime());
}

/** When a message was sent, by the clinic's clock like the visits: the time today, the day and time before. */
export function stamp(iso: string, timeZone?: string): string {
  return writtenAt(iso, timeZone);
}

/**
 * The patient's clinic for what is not tied to one visit (messages, updates, their phone number):
 * the location of their latest visit, else the first location.
 */
export function homeLocation(
  directory: { locations: Map<string, Location> },
  appointments: readonly { locationId: string }[],
): Location | undefined {
  const latest = appointments.at(-1);
  return (latest && directory.locations.get(latest.locationId)) ?? directory.locations.values().next().value;
}

/** Who the patient writes to in a thread. */
export const doctorOf = (t: Thread) => t.participants.find((p) => p.role === 'doctor')?.name ?? 'Your doctor';

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

export function waitSentence(etaMinutes: number, receivedAt: number, location?: Location): string {
  if (etaMinutes <= 0) return 'Any moment now.';
  const around = clock(new Date(receivedAt + etaMinutes * 60_000).toISOString(), location?.timezone);
  return `About ${etaMinutes} min (around ${around}).`;
}

const EXTRA: Record<string, string> = {
  CONFLICT: 'That changed in the meantime. Please reload and try again.',
  DOCTOR_INACTIVE: 'This doctor is not taking bookings at the moment.',
  MESSAGE_DELETED: 'That message was deleted.',
  CLIENT_MESSAGE_ID_REUSED: 'That message could not be sent. Please write it again.',
};

export function say(err: unknown): string {
  if (err instanceof ApiError && EXTRA[err.code]) return EXTRA[err.code] as string;
  return sentenceFor(err);
}
