// How a feedback document leaves the API, in one place because this is where anonymity is kept:
// - to its author: everything they wrote and what became of it;
// - to admins and the rated doctor (entry): an anonymous entry carries no patient id, name, visit
//   id or visit time, only the visit's day; the doctor also gets no moderation or follow-up detail;
// - to anyone signed in (review): published feedback with no patient identity at all.
import type { FeedbackDoc } from './store.js';

export type Viewer = 'admin' | 'doctor';

export interface Names {
  doctors: Map<string, string>;
  patients: Map<string, string>;
}

const iso = (d: Date) => d.toISOString();

export function toEntry(doc: FeedbackDoc, names: Names, viewer: Viewer) {
  const named = !doc.anonymous;
  // When an anonymous entry was written would point at its author as surely as the visit's time
  // (the audit log says when each patient gave feedback): it reads as its visit's day.
  const written = (at: Date) => (named ? iso(at) : `${doc.visitDay}T00:00:00.000Z`);
  return {
    id: doc._id,
    doctorId: doc.doctorId,
    doctorName: names.doctors.get(doc.doctorId) ?? '',
    locationId: doc.locationId,
    visitDay: doc.visitDay,
    ratings: doc.ratings,
    comment: doc.comment,
    wentWell: doc.wentWell,
    suggestions: doc.suggestions,
    anonymous: doc.anonymous,
    patient: named ? { id: doc.patientId, name: names.patients.get(doc.patientId) ?? '' } : null,
    channel: doc.channel,
    sentiment: doc.sentiment,
    status: doc.status,
    moderation:
      viewer === 'admin' && doc.moderation ? { by: doc.moderation.by, at: iso(doc.moderation.at), reason: doc.moderation.reason } : null,
    reply: doc.reply
      ? { body: doc.reply.body, at: iso(doc.reply.at), hidden: doc.reply.hidden, reportCount: doc.reply.reports.length }
      : null,
    helpfulCount: doc.helpfulCount,
    followUp:
      viewer === 'admin' && doc.followUp
        ? {
            status: doc.followUp.status,
            reasons: doc.followUp.reasons,
            openedAt: written(doc.followUp.openedAt),
            closedAt: doc.followUp.closedAt ? iso(doc.followUp.closedAt) : null,
            note: doc.followUp.note,
          }
        : null,
    createdAt: written(doc.createdAt),
  };
}

export function toMine(doc: FeedbackDoc, doctorName: string, userId: string) {
  const reply = doc.reply && !doc.reply.hidden ? doc.reply : null;
  return {
    id: doc._id,
    appointmentId: doc.appointmentId,
    visitAt: iso(doc.visitAt),
    doctorName,
    ratings: doc.ratings,
    comment: doc.comment,
    wentWell: doc.wentWell,
    suggestions: doc.suggestions,
    anonymous: doc.anonymous,
    status: doc.status,
    moderationReason: doc.status === 'rejected' ? (doc.moderation?.reason ?? null) : null,
    reply: reply ? { body: reply.body, at: iso(reply.at), reportedByYou: reply.reports.some((r) => r.by === userId) } : null,
    createdAt: iso(doc.createdAt),
  };
}

export function toReview(doc: FeedbackDoc) {
  const reply = doc.reply && !doc.reply.hidden ? doc.reply : null;
  return {
    id: doc._id,
    visitMonth: doc.visitDay.slice(0, 7),
    ratings: doc.ratings,
    comment: doc.comment,
    wentWell: doc.wentWell,
    reply: reply ? { body: reply.body, at: iso(reply.at) } : null,
    helpfulCount: doc.helpfulCount,
  };
}
