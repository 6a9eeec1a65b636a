// Feedback's rules: who may give it (the patient of a completed visit, within FEEDBACK_WINDOW_DAYS,
// once), who reads what (present.ts), moderation, the doctor's one reply, reports and follow-ups.
// Visits, doctors and names are read from their owners' repositories in MySQL; feedback lives in
// MongoDB (repository.ts).
import { DateTime } from 'luxon';
import type { Db } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import { AppError, conflict, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { doctorsByIds, findDoctorRow } from '../doctors/repository.js';
import { doctorDisplayName } from '../doctors/service.js';
import { findLocation } from '../locations/repository.js';
import { patientNames } from '../patients/repository.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { verifyFeedbackToken } from './link.js';
import { type Names, toEntry, toMine, toReview, type Viewer } from './present.js';
import { FeedbackRepository } from './repository.js';
import type { FeedbackInput } from './schemas.js';
import { followUpReasons, sentimentOf } from './sentiment.js';
import { type FeedbackChannel, type FeedbackDoc, type FeedbackStatus, feedbackIdOf, listedFromOf } from './store.js';

export interface FeedbackSettings {
  /** JWT_SECRET: the link token's key is derived from it (link.ts). */
  secret: string;
  windowDays: number;
}

/** Tells the location's admins that feedback needs a follow-up (follow-up.ts); never throws. */
export type FollowUpNotifier = (doc: FeedbackDoc) => Promise<void>;

export interface ListFilter {
  doctorId?: string;
  locationId?: string;
  status?: FeedbackStatus;
  followUp?: 'open' | 'done';
  reported?: boolean;
  limit?: number;
  before?: string;
}

const linkInvalid = () => new AppError(404, ErrorCode.FEEDBACK_LINK_INVALID, 'This feedback link is not valid or has expired');
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;
const textOf = (value: string | undefined) => (value?.trim() ? value.trim() : null);

export class FeedbackService {
  readonly repo: FeedbackRepository;

  constructor(
    private readonly db: Database,
    mongo: Db,
    private readonly settings: FeedbackSettings,
    private readonly notifyFollowUp: FollowUpNotifier,
  ) {
    this.repo = new FeedbackRepository(mongo);
  }

  /** From the portal: the signed-in patient about one of their own visits (another's is 404). */
  async submit(actor: UserPrincipal, appointmentId: string, input: FeedbackInput) {
    const visit = await loadAppointment(this.db, appointmentId);
    if (!actor.patientId || visit.patientId !== actor.patientId) throw notFound('Appointment');
    return this.create(visit, input, 'portal');
  }

  /** The heading of the form a link opens: the visit's doctor, place and time, nothing about the patient. */
  async linkVisit(token: string) {
    const visit = await this.visitOfToken(token);
    const [doctor] = await doctorsByIds(this.db, [visit.doctorId]);
    const location = await findLocation(this.db, visit.locationId);
    return {
      visit: {
        startAt: visit.startAt.toISOString(),
        doctorName: doctor ? doctorDisplayName(doctor) : '',
        locationName: location?.name ?? '',
        locationZone: location?.timezone ?? 'UTC',
      },
      given: (await this.repo.findByVisit(visit.id)) !== null,
    };
  }

  /** From a link, without signing in: the visit is the one the token was signed for. */
  async submitByLink(token: string, input: FeedbackInput) {
    return this.create(await this.visitOfToken(token), input, 'link');
  }

  private async visitOfToken(token: string) {
    const signed = verifyFeedbackToken(this.settings.secret, token);
    if (!signed) throw linkInvalid();
    try {
      return await loadAppointment(this.db, signed.appointmentId);
    } catch (err) {
      // A signed link to a visit that is gone; anything else (a store down) is not the link's fault.
      if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) throw linkInvalid();
      throw err;
    }
  }

  private async create(visit: Awaited<ReturnType<typeof loadAppointment>>, input: FeedbackInput, channel: FeedbackChannel) {
    if (visit.status !== 'completed') {
      throw conflict(ErrorCode.VISIT_NOT_COMPLETED, `Feedback is taken about completed visits; this one is ${visit.status}`);
    }
    const now = new Date();
    const closesAt = visit.startAt.getTime() + this.settings.windowDays * 86_400_000;
    if (now.getTime() > closesAt) throw conflict(ErrorCode.FEEDBACK_CLOSED, 'This visit is too long ago for feedback');
    const zone = (await findLocation(this.db, visit.locationId))?.timezone ?? 'UTC';
    const visitDay = DateTime.fromJSDate(visit.startAt, { zone }).toISODate() as string;
    const anonymous = input.anonymous ?? false;
    const comment = textOf(input.comment);
    const sentiment = sentimentOf(comment);
    const reasons = followUpReasons(input.ratings, sentiment);
    const doc: FeedbackDoc = {
      _id: feedbackIdOf(anonymous, visitDay, now),
      appointmentId: visit.id,
      patientId: visit.patientId,
      doctorId: visit.doctorId,
      locationId: visit.locationId,
      visitAt: visit.startAt,
      visitDay,
      ratings: { ...input.ratings },
      comment,
      wentWell: textOf(input.wentWell),
      suggestions: textOf(input.suggestions),
      anonymous,
      channel,
      sentiment,
      status: 'pending',
      moderation: null,
      reply: null,
      helpfulBy: [],
      helpfulCount: 0,
      followUp: reasons.length ? { status: 'open', reasons, openedAt: now, closedBy: null, closedAt: null, note: null } : null,
      listedFrom: listedFromOf(anonymous, now, zone),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repo.insert(doc);
    } catch (err) {
      if (isDuplicate(err)) throw conflict(ErrorCode.FEEDBACK_EXISTS, 'Feedback about this visit was given already');
      throw err;
    }
    // Told at once about a named entry only: a live notice about an anonymous one would say when it
    // was written; its follow-up is listed with it at the end of the day.
    if (doc.followUp && !anonymous) await this.notifyFollowUp(doc);
    return { id: doc._id, status: doc.status };
  }

  async mine(actor: UserPrincipal) {
    if (!actor.patientId) return { feedback: [] };
    const docs = await this.repo.ofPatient(actor.patientId);
    const names = await this.names(docs, false);
    return { feedback: docs.map((d) => toMine(d, names.doctors.get(d.doctorId) ?? '', actor.userId)) };
  }

  /** Admins: every entry. Doctors: their own published entries only. */
  async list(actor: UserPrincipal, filter: ListFilter) {
    const viewer = this.viewerOf(actor);
    const where: Record<string, unknown> = {};
    if (viewer === 'doctor') {
      if ((filter.doctorId && filter.doctorId !== actor.doctorId) || (filter.status && filter.status !== 'approved')) {
        throw forbidden('Doctors read their own published feedback');
      }
      where.doctorId = actor.doctorId;
      where.status = 'approved';
    } else {
      if (filter.doctorId) where.doctorId = filter.doctorId;
      if (filter.status) where.status = filter.status;
      if (filter.followUp) where['followUp.status'] = filter.followUp;
      if (filter.reported) where['reply.reports.0'] = { $exists: true };
    }
    if (filter.locationId) where.locationId = filter.locationId;
    const limit = filter.limit ?? 50;
    const docs = await this.repo.page(where, limit, filter.before);
    const page = docs.slice(0, limit);
    const names = await this.names(page, true);
    return { feedback: page.map((d) => toEntry(d, names, viewer)), next: docs.length > limit ? (page.at(-1)?._id ?? null) : null };
  }

  /** Who wrote an entry, anonymous ones included: admins only, and the route audits every read. */
  async author(id: string) {
    const doc = await this.load(id);
    const names = await patientNames(this.db, [doc.patientId]);
    const name = names.get(doc.patientId);
    return { patientId: doc.patientId, firstName: name?.firstName ?? '', lastName: name?.lastName ?? '' };
  }

  async moderate(actor: UserPrincipal, id: string, status: 'approved' | 'rejected', reason: string | undefined) {
    if (!(await this.repo.moderate(id, status, actor.userId, reason?.trim() ?? null, new Date()))) throw notFound('Feedback');
    return this.entry(id, 'admin');
  }

  async reply(actor: UserPrincipal, id: string, body: string) {
    const doc = await this.load(id);
    if (!actor.doctorId || doc.doctorId !== actor.doctorId) throw notFound('Feedback');
    if (!(await this.repo.reply(id, actor.doctorId, body.trim(), actor.userId, new Date()))) {
      const now = await this.load(id);
      if (now.reply) throw conflict(ErrorCode.REPLY_EXISTS, 'This feedback has a reply already');
      throw conflict(ErrorCode.FEEDBACK_NOT_APPROVED, 'Only published feedback can be replied to');
    }
    return this.entry(id, 'doctor');
  }

  /** A patient reports a published reply (abusive, revealing…); admins see the count and may hide it. */
  async reportReply(actor: UserPrincipal, id: string, reason: string) {
    const doc = await this.load(id);
    if (doc.status !== 'approved') throw conflict(ErrorCode.FEEDBACK_NOT_APPROVED, 'Only published feedback has a public reply');
    if (!doc.reply || doc.reply.hidden) throw conflict(ErrorCode.NO_REPLY, 'There is no published reply to report');
    await this.repo.reportReply(id, actor.userId, reason.trim(), new Date());
    return { reported: true as const };
  }

  async setReplyHidden(id: string, hidden: boolean) {
    if (!(await this.repo.setReplyHidden(id, hidden, new Date()))) {
      await this.load(id);
      throw conflict(ErrorCode.NO_REPLY, 'This feedback has no reply');
    }
    return this.entry(id, 'admin');
  }

  async markHelpful(actor: UserPrincipal, id: string) {
    const doc = await this.load(id);
    if (doc.status !== 'approved') throw conflict(ErrorCode.FEEDBACK_NOT_APPROVED, 'Only published feedback can be marked helpful');
    // The author's own mark would count for nothing; it is simply not added.
    if (doc.patientId !== actor.patientId) await this.repo.markHelpful(id, actor.userId, new Date());
    return { helpfulCount: (await this.load(id)).helpfulCount };
  }

  async closeFollowUp(actor: UserPrincipal, id: string, note: string | undefined) {
    if (!(await this.repo.closeFollowUp(id, actor.userId, note?.trim() ?? null, new Date()))) {
      // Closed already: answered as it is (who closed it and why stay); no follow-up at all: 404.
      if (!(await this.load(id)).followUp) throw notFound('Follow-up');
    }
    return this.entry(id, 'admin');
  }

  async rating(doctorId: string) {
    if (!(await findDoctorRow(this.db, doctorId))) throw notFound('Doctor');
    const dimensions = await this.repo.ratingOf(doctorId);
    return { doctorId, average: dimensions.overall.average, count: dimensions.overall.count, dimensions };
  }

  async reviews(doctorId: string, limit = 20, before?: string) {
    if (!(await findDoctorRow(this.db, doctorId))) throw notFound('Doctor');
    const docs = await this.repo.page({ doctorId, status: 'approved' }, limit, before);
    const page = docs.slice(0, limit);
    return { reviews: page.map(toReview), next: docs.length > limit ? (page.at(-1)?._id ?? null) : null };
  }

  /** The entry as its doctor sees it (the audit's state before a reply); another doctor's is 404. */
  async entryOfDoctor(actor: UserPrincipal, id: string) {
    const doc = await this.load(id);
    if (!actor.doctorId || doc.doctorId !== actor.doctorId) throw notFound('Feedback');
    return toEntry(doc, await this.names([doc], true), 'doctor');
  }

  /** One entry as an admin (or the doctor) sees it after a change. */
  async entry(id: string, viewer: Viewer) {
    const doc = await this.load(id);
    return toEntry(doc, await this.names([doc], true), viewer);
  }

  private viewerOf(actor: UserPrincipal): Viewer {
    if (actor.role === 'admin') return 'admin';
    if (actor.role === 'doctor' && actor.doctorId) return 'doctor';
    throw forbidden();
  }

  private async load(id: string): Promise<FeedbackDoc> {
    const doc = await this.repo.find(id);
    if (!doc) throw notFound('Feedback');
    return doc;
  }

  /** Doctors' display names, and patients' names of the entries that are not anonymous. */
  private async names(docs: FeedbackDoc[], withPatients: boolean): Promise<Names> {
    const doctors = await doctorsByIds(this.db, [...new Set(docs.map((d) => d.doctorId))]);
    const named = withPatients ? docs.filter((d) => !d.anonymous).map((d) => d.patientId) : [];
    const patients = await patientNames(this.db, named);
    return {
      doctors: new Map(doctors.map((d) => [d.id, doctorDisplayName(d)])),
      patients: new Map([...patients].map(([id, n]) => [id, `${n.firstName} ${n.lastName}`])),
    };
  }
}
