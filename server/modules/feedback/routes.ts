// Feedback after a visit: given by the visit's patient (signed in, or through the signed link of a
// feedback request), moderated by admins, answered once by the doctor, rolled up per doctor over
// published entries only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { expensive, publicCheck } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { followUpNotifier } from './follow-up.js';
import {
  Author,
  Created,
  DoctorRating,
  FEEDBACK_AUDIT_FIELDS,
  FeedbackBody,
  FeedbackEntry,
  FeedbackPage,
  FeedbackQuery,
  FollowUpBody,
  Helpful,
  LinkBody,
  LinkSubmitBody,
  LinkVisit,
  ModerateBody,
  MyFeedbackList,
  PageQuery,
  ReplyBody,
  ReplyModerateBody,
  ReportBody,
  Reported,
  ReviewPage,
} from './schemas.js';
import { FeedbackService } from './service.js';

const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new FeedbackService(
    app.db,
    app.mongo.db,
    { secret: app.config.jwtSecret, windowDays: app.config.feedback.windowDays },
    followUpNotifier(app.db, app.mongo.db, app.io, app.log),
  );
  const common = { tags: ['feedback'], security: bearer };
  const asAdmin = (id: string) => service.entry(id, 'admin');
  const RATINGS =
    'ratings: overall (required), waitTime, communication, staffCourtesy, cleanliness, easeOfBooking, whole numbers 1–5. ' +
    'A new entry waits for moderation (pending). An overall rating of 2 or less, or a comment whose words are negative ' +
    '(AFINN sentiment), opens a follow-up for the location’s admins. ';

  app.post(
    '/api/appointments/:id/feedback',
    {
      config: { ...auditCreates(FEEDBACK_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Give feedback about a completed visit (its patient, once)',
        description:
          RATINGS +
          'anonymous: the doctor and every list never show the author. 409 VISIT_NOT_COMPLETED for a visit not completed, ' +
          '409 FEEDBACK_EXISTS when the visit has feedback (one per visit, however many requests race), 409 FEEDBACK_CLOSED ' +
          'after FEEDBACK_WINDOW_DAYS.',
        params: IdParams,
        body: FeedbackBody,
        response: { 201: Created, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('patient'),
    },
    async (request, reply) => {
      // The audit entry of anonymous feedback says that the patient gave some, not which entry.
      if (request.body.anonymous) request.auditTarget = { type: 'feedback', id: null };
      return reply.status(201).send(await service.submit(userOf(request), request.params.id, request.body));
    },
  );

  app.post(
    '/api/feedback/link',
    {
      config: { ...auditCreates([]), ...publicCheck },
      schema: {
        tags: ['feedback'],
        summary: 'What a feedback link is about (public: the link is the credential)',
        description:
          'The token from the link’s fragment (#t=…). Answers the visit’s doctor, location and time, and whether feedback was ' +
          'given already; nothing about the patient. 404 FEEDBACK_LINK_INVALID for a token the hub did not sign or past ' +
          'FEEDBACK_WINDOW_DAYS. Limited per address (RATE_LIMIT_PUBLIC).',
        body: LinkBody,
        response: { 200: LinkVisit, ...errors(400, 404) },
      },
    },
    async (request) => service.linkVisit(request.body.token),
  );

  app.post(
    '/api/feedback/link/submit',
    {
      config: { ...auditCreates(FEEDBACK_AUDIT_FIELDS), ...publicCheck },
      schema: {
        tags: ['feedback'],
        summary: 'Give feedback through a feedback link, without signing in',
        description: `${RATINGS}The link works once: after any feedback about its visit, 409 FEEDBACK_EXISTS.`,
        body: LinkSubmitBody,
        response: { 201: Created, ...errors(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const { token, ...feedback } = request.body;
      return reply.status(201).send(await service.submitByLink(token, feedback));
    },
  );

  app.get(
    '/api/feedback/mine',
    {
      schema: {
        ...common,
        summary: 'The feedback I gave, with its status and the doctor’s reply',
        response: { 200: MyFeedbackList, ...errors(401, 403) },
      },
      onRequest: allow('patient'),
    },
    async (request) => service.mine(userOf(request)),
  );

  app.get(
    '/api/feedback',
    {
      schema: {
        ...common,
        summary: 'Feedback entries, newest first (admins: all; a doctor: their own published ones)',
        description:
          'Anonymous entries carry no patient id, name or visit time (visitDay only). Doctors get no moderation or follow-up ' +
          'detail and may only ask for their own approved entries (403 otherwise). Page with `before` = `next`.',
        querystring: FeedbackQuery,
        response: { 200: FeedbackPage, ...errors(400, 401, 403) },
      },
      onRequest: allow('admin', 'doctor'),
    },
    async (request) => service.list(userOf(request), request.query),
  );

  app.get(
    '/api/feedback/:id/author',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Who wrote an entry, anonymous ones included (admin; every read audited)',
        params: IdParams,
        response: { 200: Author, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => service.author(request.params.id),
  );

  app.post(
    '/api/feedback/:id/moderate',
    {
      config: auditChanges(FEEDBACK_AUDIT_FIELDS, ({ id }: { id: string }) => asAdmin(id)),
      schema: {
        ...common,
        summary: 'Publish or reject an entry (admin)',
        description: 'A rejection needs a reason, which its author sees. Only approved entries count in ratings and are shown.',
        params: IdParams,
        body: ModerateBody,
        response: { 200: FeedbackEntry, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => service.moderate(userOf(request), request.params.id, request.body.status, request.body.reason),
  );

  app.post(
    '/api/feedback/:id/reply',
    {
      config: auditChanges(FEEDBACK_AUDIT_FIELDS, ({ id }: { id: string }) => asAdmin(id)),
      schema: {
        ...common,
        summary: 'Reply publicly to feedback about you (the doctor, once)',
        description: '409 FEEDBACK_NOT_APPROVED before the entry is published, 409 REPLY_EXISTS for a second reply.',
        params: IdParams,
        body: ReplyBody,
        response: { 200: FeedbackEntry, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => service.reply(userOf(request), request.params.id, request.body.body),
  );

  app.post(
    '/api/feedback/:id/reply/report',
    {
      config: auditCreates([]),
      schema: {
        ...common,
        summary: 'Report a doctor’s reply (a patient; once each, again is a no-op)',
        params: IdParams,
        body: ReportBody,
        response: { 200: Reported, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('patient'),
    },
    async (request) => service.reportReply(userOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/feedback/:id/reply/moderate',
    {
      config: auditChanges(FEEDBACK_AUDIT_FIELDS, ({ id }: { id: string }) => asAdmin(id)),
      schema: {
        ...common,
        summary: 'Hide or show a doctor’s reply (admin)',
        params: IdParams,
        body: ReplyModerateBody,
        response: { 200: FeedbackEntry, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin'),
    },
    async (request) => service.setReplyHidden(request.params.id, request.body.hidden),
  );

  app.post(
    '/api/feedback/:id/helpful',
    {
      config: auditCreates([]),
      schema: {
        ...common,
        summary: 'Mark published feedback helpful (a patient; once each)',
        params: IdParams,
        response: { 200: Helpful, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('patient'),
    },
    async (request) => service.markHelpful(userOf(request), request.params.id),
  );

  app.post(
    '/api/feedback/:id/follow-up',
    {
      config: auditChanges(FEEDBACK_AUDIT_FIELDS, ({ id }: { id: string }) => asAdmin(id)),
      schema: {
        ...common,
        summary: 'Close the follow-up of an entry (admin)',
        params: IdParams,
        body: FollowUpBody,
        response: { 200: FeedbackEntry, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => service.closeFollowUp(userOf(request), request.params.id, request.body.note),
  );

  app.get(
    '/api/doctors/:id/rating',
    {
      schema: {
        ...common,
        tags: ['feedback', 'doctors'],
        summary: 'A doctor’s rating over published (approved) feedback, per dimension',
        params: IdParams,
        response: { 200: DoctorRating, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'doctor', 'nurse', 'pharmacist', 'patient'),
    },
    async (request) => service.rating(request.params.id),
  );

  app.get(
    '/api/doctors/:id/reviews',
    {
      schema: {
        ...common,
        tags: ['feedback', 'doctors'],
        summary: 'A doctor’s published feedback, newest first, with no patient identity',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: ReviewPage, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'doctor', 'nurse', 'pharmacist', 'patient'),
    },
    async (request) => service.reviews(request.params.id, request.query.limit, request.query.before),
  );
};

export default feedbackRoutes;
