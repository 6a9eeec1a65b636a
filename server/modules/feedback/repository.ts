// The feedback collection's queries. Every change is one atomic updateOne whose filter states the
// rule (still approved, no reply yet, not reported by this user yet), so two racing requests can
// never both succeed; the caller reads again to say why one did not.
import type { Db, Filter } from 'mongodb';
import { DIMENSIONS, type Dimension, type FeedbackDoc, type FeedbackStatus, feedbackCollection } from './store.js';

export class FeedbackRepository {
  private readonly feedback;

  constructor(mongo: Db) {
    this.feedback = feedbackCollection(mongo);
  }

  /** Inserts a new entry; a second one for the visit fails with the unique index's 11000. */
  async insert(doc: FeedbackDoc): Promise<void> {
    await this.feedback.insertOne(doc);
  }

  find(id: string): Promise<FeedbackDoc | null> {
    return this.feedback.findOne({ _id: id });
  }

  findByVisit(appointmentId: string): Promise<FeedbackDoc | null> {
    return this.feedback.findOne({ appointmentId });
  }

  /** Newest first, `limit + 1` read so the caller knows whether an older page exists. */
  page(filter: Filter<FeedbackDoc>, limit: number, before?: string): Promise<FeedbackDoc[]> {
    const where = before ? { $and: [filter, { _id: { $lt: before } }] } : filter;
    return this.feedback
      .find(where as Filter<FeedbackDoc>)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  ofPatient(patientId: string): Promise<FeedbackDoc[]> {
    return this.feedback.find({ patientId }).sort({ _id: -1 }).limit(200).toArray();
  }

  async moderate(id: string, status: FeedbackStatus, by: string, reason: string | null, now: Date): Promise<boolean> {
    const r = await this.feedback.updateOne({ _id: id }, { $set: { status, moderation: { by, at: now, reason }, updatedAt: now } });
    return r.matchedCount === 1;
  }

  /** The doctor's one reply: only to approved feedback that has none. */
  async reply(id: string, doctorId: string, body: string, by: string, now: Date): Promise<boolean> {
    const r = await this.feedback.updateOne(
      { _id: id, doctorId, status: 'approved', reply: null },
      { $set: { reply: { body, by, at: now, hidden: false, reports: [] }, updatedAt: now } },
    );
    return r.modifiedCount === 1;
  }

  /** A user's report of a visible reply, once per user (a second is a no-op). */
  async reportReply(id: string, by: string, reason: string, now: Date): Promise<void> {
    await this.feedback.updateOne(
      { _id: id, status: 'approved', 'reply.hidden': false, 'reply.reports.by': { $ne: by } },
      { $push: { 'reply.reports': { by, at: now, reason } }, $set: { updatedAt: now } },
    );
  }

  async setReplyHidden(id: string, hidden: boolean, now: Date): Promise<boolean> {
    const r = await this.feedback.updateOne({ _id: id, reply: { $ne: null } }, { $set: { 'reply.hidden': hidden, updatedAt: now } });
    return r.matchedCount === 1;
  }

  /** One helpful mark per user on published feedback. */
  async markHelpful(id: string, by: string, now: Date): Promise<void> {
    await this.feedback.updateOne(
      { _id: id, status: 'approved', helpfulBy: { $ne: by } },
      { $push: { helpfulBy: by }, $inc: { helpfulCount: 1 }, $set: { updatedAt: now } },
    );
  }

  async closeFollowUp(id: string, by: string, note: string | null, now: Date): Promise<boolean> {
    const r = await this.feedback.updateOne(
      { _id: id, followUp: { $ne: null } },
      { $set: { 'followUp.status': 'done', 'followUp.closedBy': by, 'followUp.closedAt': now, 'followUp.note': note, updatedAt: now } },
    );
    return r.matchedCount === 1;
  }

  /**
   * Mean and count per dimension over the doctor's APPROVED feedback, in one aggregation ($avg
   * and the count leave out entries that did not rate a dimension).
   */
  async ratingOf(doctorId: string): Promise<Record<Dimension, { average: number | null; count: number }>> {
    const group: Record<string, unknown> = { _id: null };
    for (const d of DIMENSIONS) {
      group[`${d}Avg`] = { $avg: `$ratings.${d}` };
      group[`${d}Count`] = { $sum: { $cond: [{ $isNumber: `$ratings.${d}` }, 1, 0] } };
    }
    const [row] = await this.feedback.aggregate([{ $match: { doctorId, status: 'approved' } }, { $group: group }]).toArray();
    return Object.fromEntries(
      DIMENSIONS.map((d) => {
        const average = row?.[`${d}Avg`];
        return [d, { average: typeof average === 'number' ? Math.round(average * 100) / 100 : null, count: row?.[`${d}Count`] ?? 0 }];
      }),
    ) as Record<Dimension, { average: number | null; count: number }>;
  }
}
