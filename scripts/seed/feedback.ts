// The demo visits and their feedback (DEMO_VISITS). A visit is written only when its booking
// reference is missing, and feedback is an upsert by appointmentId that only ever inserts, so a
// second run adds nothing and leaves what people did with the demo since (a moderation, a reply).
// Feedback is shaped as the feedback module writes it (server/modules/feedback/store.ts FeedbackDoc):
// sentiment by the `sentiment` library (AFINN-165) over the comment, and a follow-up opened by a
// low overall rating or negative words.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from 'mongodb';
import { newId } from '../../db/ids.js';
import type { Database } from '../../db/mysql.js';
import { appointments, appointmentTypes, doctors, locations, patients, users } from '../../db/schema/index.js';
import { followUpReasons, sentimentOf } from '../../server/modules/feedback/sentiment.js';
import { type FeedbackDoc, feedbackCollection, feedbackIdOf, listedFromOf } from '../../server/modules/feedback/store.js';
import { type DemoPatient, DOCTORS, LOCATIONS, STAFF } from './demo-clinic.js';
import { DEMO_VISITS, type DemoFeedback, type DemoVisit } from './demo-feedback.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The local day `weekdaysAgo` weekdays (Monday to Friday) before `today`. */
export function weekdaysBefore(today: DateTime, weekdaysAgo: number): DateTime {
  let day = today.startOf('day');
  for (let left = weekdaysAgo; left > 0; ) {
    day = day.minus({ days: 1 });
    if (day.weekday <= 5) left--;
  }
  return day;
}

interface Visit {
  id: string;
  patientId: string;
  doctorId: string;
  doctorUserId: string;
  locationId: string;
  zone: string;
  startAt: Date;
  completedAt: Date;
}

/** The demo visit, written if its reference is not there yet; null when its patient or doctor is missing. */
async function ensureVisit(db: Database, v: DemoVisit, people: readonly DemoPatient[], now: Date): Promise<[Visit | null, boolean]> {
  const [doctor] = await db.select({ id: doctors.id, userId: doctors.userId }).from(doctors).where(eq(doctors.licenseNumber, v.doctor));
  const [patient] = await db.select({ id: patients.id }).from(patients).where(eq(patients.email, people[v.patient]!.email));
  const place = LOCATIONS.find((l) => l.key === DOCTORS.find((d) => d.licenseNumber === v.doctor)!.location)!;
  const [location] = await db.select({ id: locations.id, zone: locations.timezone }).from(locations).where(eq(locations.name, place.name));
  if (!doctor || !patient || !location) return [null, false];
  const common = { patientId: patient.id, doctorId: doctor.id, doctorUserId: doctor.userId, locationId: location.id, zone: location.zone };
  const [found] = await db
    .select({ id: appointments.id, startAt: appointments.startAt, completedAt: appointments.completedAt })
    .from(appointments)
    .where(eq(appointments.bookingReference, v.reference));
  if (found) return [{ ...common, id: found.id, startAt: found.startAt, completedAt: found.completedAt ?? found.startAt }, false];

  const [type] = await db
    .select({ id: appointmentTypes.id, minutes: appointmentTypes.durationMinutes })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.key, v.type));
  const day = weekdaysBefore(DateTime.fromJSDate(now, { zone: location.zone }), v.weekdaysAgo);
  const start = DateTime.fromISO(`${day.toISODate()}T${v.time}`, { zone: location.zone }).toJSDate();
  const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
  const minutes = type?.minutes ?? 15;
  const visit: Visit = { ...common, id: newId(), startAt: start, completedAt: at(v.waitMinutes + minutes) };
  await db.insert(appointments).values({
    id: visit.id,
    bookingReference: v.reference,
    doctorId: doctor.id,
    patientId: patient.id,
    locationId: location.id,
    typeId: type?.id ?? null,
    startAt: start,
    endAt: at(minutes),
    status: 'completed',
    checkedInAt: at(-10),
    calledAt: at(v.waitMinutes - 10),
    calledBy: doctor.userId,
    startedAt: at(v.waitMinutes - 9),
    startedBy: doctor.userId,
    completedAt: visit.completedAt,
    completedBy: doctor.userId,
  });
  return [visit, true];
}

function feedbackDoc(visit: Visit, f: DemoFeedback, adminUserId: string): FeedbackDoc {
  const visitDay = DateTime.fromJSDate(visit.startAt, { zone: visit.zone }).toISODate()!;
  // Given a few hours after the visit (the request goes out FEEDBACK_DELAY after it), moderated the next morning.
  const createdAt = new Date(visit.completedAt.getTime() + 3 * HOUR);
  const moderatedAt = new Date(createdAt.getTime() + 18 * HOUR);
  const repliedAt = new Date(moderatedAt.getTime() + 5 * HOUR);
  const comment = f.comment ?? null;
  const sentiment = sentimentOf(comment);
  const reasons = followUpReasons(f.ratings, sentiment);
  const updatedAt = f.reply ? repliedAt : f.status === 'pending' ? createdAt : moderatedAt;
  return {
    // As the feedback module writes them: the demo's lists come out in the order the feedback was given.
    _id: feedbackIdOf(f.anonymous ?? false, visitDay, createdAt),
    appointmentId: visit.id,
    patientId: visit.patientId,
    doctorId: visit.doctorId,
    locationId: visit.locationId,
    visitAt: visit.startAt,
    visitDay,
    ratings: { ...f.ratings },
    comment,
    wentWell: f.wentWell ?? null,
    suggestions: f.suggestions ?? null,
    anonymous: f.anonymous ?? false,
    channel: f.channel,
    sentiment,
    status: f.status,
    moderation: f.status === 'pending' ? null : { by: adminUserId, at: moderatedAt, reason: f.rejectedFor ?? null },
    reply: f.reply ? { body: f.reply, by: visit.doctorUserId, at: repliedAt, hidden: false, reports: [] } : null,
    helpfulBy: [],
    helpfulCount: 0,
    followUp: reasons.length ? { status: 'open', reasons, openedAt: createdAt, closedBy: null, closedAt: null, note: null } : null,
    listedFrom: listedFromOf(f.anonymous ?? false, createdAt, visit.zone),
    createdAt,
    updatedAt,
  };
}

/** Writes what is missing of DEMO_VISITS and their feedback; returns how many visits and feedback were written and found. */
export async function seedDemoFeedback(
  db: Database,
  mongo: Db,
  people: readonly DemoPatient[],
  progress: (step: string, done: number, total: number) => void,
  now = new Date(),
): Promise<{ created: number; existing: number }> {
  const tally = { created: 0, existing: 0 };
  const adminEmail = STAFF.find((s) => s.role === 'admin')!.email;
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, adminEmail));
  if (!admin) throw new Error(`the demo admin ${adminEmail} is missing`);
  const visits: [Visit, DemoFeedback][] = [];
  for (const [i, v] of DEMO_VISITS.entries()) {
    const [visit, created] = await ensureVisit(db, v, people, now);
    if (visit) {
      tally[created ? 'created' : 'existing']++;
      if (v.feedback) visits.push([visit, v.feedback]);
    }
    progress('visits', i + 1, DEMO_VISITS.length);
  }
  for (const [i, [visit, f]] of visits.entries()) {
    const doc = feedbackDoc(visit, f, admin.id);
    // Only ever inserts: feedback moderated, replied to or marked helpful in the demo since stays as it is.
    const result = await feedbackCollection(mongo).updateOne({ appointmentId: visit.id }, { $setOnInsert: doc }, { upsert: true });
    tally[result.upsertedCount ? 'created' : 'existing']++;
    progress('feedback', i + 1, visits.length);
  }
  return tally;
}
