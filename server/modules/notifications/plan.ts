// What should be sent for a visit, and when: pure functions, no I/O, so every rule here has a
// unit test. The planner (planner.ts) turns the result into notification_log rows and jobs.
import { DateTime } from 'luxon';
import type { NotificationChannel, NotificationKind, PrescriptionNotificationKind } from '../../../db/schema/index.js';

export const CHANNELS: readonly NotificationChannel[] = ['email', 'sms', 'in_app'];

/** One message on one channel; `status` is where it starts in the notification log. */
export interface PlannedNotification {
  kind: NotificationKind;
  offset: string | null;
  startAt: Date;
  channel: NotificationChannel;
  dueAt: Date;
  status: 'scheduled' | 'skipped';
  reason: string | null;
  /**
   * What a notice is about when it is not the visit's own message: the prescription, refill
   * request or dispense; the payment or checkout; for a feedback request the visit itself.
   */
  subjectId?: string | null;
}

export interface Recipient {
  timezone: string;
  email: string | null;
  phone: string;
  userId: string | null;
  notifyEmail: boolean;
  notifySms: boolean;
  notifyInApp: boolean;
}

export interface ChannelsAvailable {
  email: boolean;
  sms: boolean;
}

export interface QuietHours {
  startHour: number;
  endHour: number;
}

/** One BullMQ job sends every channel of one (appointment, kind, offset, start). No ':' allowed. */
export function notificationJobId(appointmentId: string, kind: NotificationKind, offset: string | null, startAt: Date): string {
  return `${kind}-${appointmentId}-${offset ?? 'now'}-${startAt.getTime()}`;
}

/** A job of a notice with a subject (prescription, payment, feedback request): one per (subject, kind). No ':' allowed. */
export function subjectJobId(subjectId: string, kind: NotificationKind): string {
  return `${kind}-${subjectId}`;
}

/** The job a notification_log row belongs to, whether it is about a visit or a prescription. */
export function jobIdOfRow(row: {
  appointmentId: string;
  kind: NotificationKind;
  offset: string | null;
  startAt: Date;
  subjectId?: string | null;
}) {
  return row.subjectId ? subjectJobId(row.subjectId, row.kind) : notificationJobId(row.appointmentId, row.kind, row.offset, row.startAt);
}

/** The notification log's unique key: the same message on the same channel can exist only once. */
export function dedupeKey(
  appointmentId: string,
  kind: NotificationKind,
  offset: string | null,
  startAt: Date,
  channel: NotificationChannel,
) {
  return `${notificationJobId(appointmentId, kind, offset, startAt)}-${channel}`;
}

/** The unique key of a planned row, whether it is about a visit or a prescription. */
export function dedupeKeyOf(row: Parameters<typeof jobIdOfRow>[0] & { channel: NotificationChannel }) {
  return `${jobIdOfRow(row)}-${row.channel}`;
}

/**
 * Moves `due` out of the patient's quiet hours (local time, e.g. 21:00–08:00) to the moment they
 * end, unless the visit starts before that: then a message inside quiet hours is the lesser harm.
 */
export function outsideQuietHours(due: Date, visitStart: Date, zone: string, quiet: QuietHours): Date {
  if (quiet.startHour === quiet.endHour) return due;
  const local = DateTime.fromJSDate(due, { zone });
  const hour = local.hour;
  const wraps = quiet.startHour > quiet.endHour; // 21–8 spans midnight
  const inside = wraps ? hour >= quiet.startHour || hour < quiet.endHour : hour >= quiet.startHour && hour < quiet.endHour;
  if (!inside) return due;
  let end = local.set({ hour: quiet.endHour, minute: 0, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  const deferred = end.toJSDate();
  return deferred.getTime() < visitStart.getTime() ? deferred : due;
}

/** Why a channel cannot carry a message to this patient, or null when it can. */
export function channelBlocked(channel: NotificationChannel, to: Recipient, available: ChannelsAvailable): string | null {
  switch (channel) {
    case 'email':
      if (!available.email) return 'email_not_configured';
      if (!to.notifyEmail) return 'patient_opted_out';
      return to.email ? null : 'no_email_address';
    case 'sms':
      if (!available.sms) return 'sms_not_configured';
      if (!to.notifySms) return 'patient_opted_out';
      return to.phone.startsWith('+') ? null : 'no_valid_phone';
    case 'in_app':
      if (!to.notifyInApp) return 'patient_opted_out';
      return to.userId ? null : 'no_portal_account';
  }
}

/**
 * The same message on every channel. Whether a channel can carry it (preferences, addresses,
 * configured providers) is decided when it is sent, not here: a patient who texts START or adds
 * an email address after booking gets the next reminder on it.
 */
function onEveryChannel(
  base: Omit<PlannedNotification, 'channel' | 'status' | 'reason'>,
  skipReason: string | null,
): PlannedNotification[] {
  return CHANNELS.map((channel) => ({ ...base, channel, status: skipReason ? 'skipped' : 'scheduled', reason: skipReason }));
}

/**
 * The reminders for a visit starting at `startAt`: one per offset and channel. A reminder whose
 * time had already passed when the visit was booked (`bookedAt`) is recorded as skipped, never
 * dropped; one that fell due while the planner lagged goes out at once.
 */
export function planReminders(
  startAt: Date,
  offsets: readonly { iso: string; ms: number }[],
  zone: string,
  quiet: QuietHours,
  bookedAt: Date,
): PlannedNotification[] {
  return offsets.flatMap(({ iso, ms }) => {
    const nominal = new Date(startAt.getTime() - ms);
    const insideOffset = nominal.getTime() <= bookedAt.getTime();
    const dueAt = insideOffset ? nominal : outsideQuietHours(nominal, startAt, zone, quiet);
    return onEveryChannel({ kind: 'reminder', offset: iso, startAt, dueAt }, insideOffset ? 'booked_inside_offset' : null);
  });
}

/** A notice that goes out now (confirmation, moved, cancelled), out of quiet hours if the visit allows. */
export function planNotice(
  kind: Exclude<NotificationKind, 'reminder'>,
  startAt: Date,
  zone: string,
  quiet: QuietHours,
  now: Date,
): PlannedNotification[] {
  const visitPassed = startAt.getTime() <= now.getTime();
  const dueAt = visitPassed ? now : outsideQuietHours(now, startAt, zone, quiet);
  return onEveryChannel({ kind, offset: null, startAt, dueAt }, visitPassed ? 'visit_already_started' : null);
}

/**
 * A prescription notice (issued, refill approved or denied) goes out now, on every channel, under
 * the same quiet-hours rule as a visit's notices. It has no visit ahead to be in time for, so a
 * message that falls in quiet hours always waits for them to end.
 */
export function planPrescriptionNotice(
  kind: PrescriptionNotificationKind,
  subjectId: string,
  visitStart: Date,
  zone: string,
  quiet: QuietHours,
  now: Date,
): PlannedNotification[] {
  const noDeadline = new Date(8.64e15);
  const dueAt = outsideQuietHours(now, noDeadline, zone, quiet);
  return onEveryChannel({ kind, offset: null, startAt: visitStart, dueAt, subjectId }, null);
}

/**
 * The feedback request of a completed visit: one on every channel, FEEDBACK_DELAY after the
 * completion, under the prescription notices' quiet-hours rule (nothing to be in time for, so it
 * waits for quiet hours to end). Its subject is the visit itself: one request per visit, however
 * often it is planned. A planner that got to it late sends it now, not at a time already past in
 * the middle of the night.
 */
export function planFeedbackRequest(
  appointmentId: string,
  visitStart: Date,
  completedAt: Date,
  delayMs: number,
  zone: string,
  quiet: QuietHours,
  now: Date,
): PlannedNotification[] {
  const noDeadline = new Date(8.64e15);
  const nominal = new Date(Math.max(completedAt.getTime() + delayMs, now.getTime()));
  const dueAt = outsideQuietHours(nominal, noDeadline, zone, quiet);
  return onEveryChannel({ kind: 'feedback_request', offset: null, startAt: visitStart, dueAt, subjectId: appointmentId }, null);
}
