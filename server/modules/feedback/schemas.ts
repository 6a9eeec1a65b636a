// The feedback API's shapes (TypeBox): what a patient sends, and the three ways feedback leaves
// the hub — to its author (MyFeedback), to admins and the rated doctor (FeedbackEntry: an
// anonymous entry carries no patient id, name, visit id or visit time), and to anyone signed in
// (Review: never any patient identity at all).
import { type TSchema, Type } from 'typebox';
import { Id, Written } from '../../http/schemas.js';
import { FEEDBACK_STATUSES } from './store.js';

const Stars = (description: string) => Type.Integer({ minimum: 1, maximum: 5, description: `${description}, 1 (poor) to 5 (excellent)` });

export const RatingsInput = Type.Object(
  {
    overall: Stars('The visit as a whole'),
    waitTime: Type.Optional(Stars('Time waited')),
    communication: Type.Optional(Stars("The doctor's communication")),
    staffCourtesy: Type.Optional(Stars("The staff's courtesy")),
    cleanliness: Type.Optional(Stars('Cleanliness')),
    easeOfBooking: Type.Optional(Stars('Ease of booking')),
  },
  { additionalProperties: false },
);

const FreeText = (description: string) =>
  Type.Optional(Type.String({ maxLength: 2000, description: `${description} (up to 2,000 characters)` }));

const feedbackFields = {
  ratings: RatingsInput,
  comment: FreeText('A comment'),
  wentWell: FreeText('What went well'),
  suggestions: FreeText('What could be better'),
  anonymous: Type.Optional(
    Type.Boolean({ description: 'Hide the author from the doctor and every list (admins can still find out, audited)', default: false }),
  ),
};

export const FeedbackBody = Type.Object(feedbackFields, { additionalProperties: false });
export type FeedbackInput = {
  ratings: {
    overall: number;
    waitTime?: number;
    communication?: number;
    staffCourtesy?: number;
    cleanliness?: number;
    easeOfBooking?: number;
  };
  comment?: string;
  wentWell?: string;
  suggestions?: string;
  anonymous?: boolean;
};

const Token = Type.String({
  minLength: 30,
  maxLength: 120,
  pattern: '^[0-9A-Za-z._-]+$',
  description: 'The token of a feedback link (#t=…)',
});
export const LinkBody = Type.Object({ token: Token }, { additionalProperties: false });
export const LinkSubmitBody = Type.Object({ token: Token, ...feedbackFields }, { additionalProperties: false });

export const LinkVisit = Type.Object({
  visit: Type.Object({
    startAt: Type.String({ format: 'date-time' }),
    doctorName: Type.String(),
    locationName: Type.String(),
    locationZone: Type.String(),
  }),
  given: Type.Boolean({ description: 'Feedback about this visit exists: the link has been used' }),
});

const Status = Type.Enum(FEEDBACK_STATUSES);
const Ratings = Type.Object({
  overall: Type.Integer(),
  waitTime: Type.Optional(Type.Integer()),
  communication: Type.Optional(Type.Integer()),
  staffCourtesy: Type.Optional(Type.Integer()),
  cleanliness: Type.Optional(Type.Integer()),
  easeOfBooking: Type.Optional(Type.Integer()),
});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Texts = {
  comment: Nullable(Type.String()),
  wentWell: Nullable(Type.String()),
  suggestions: Nullable(Type.String()),
};

export const Created = Type.Object({ id: Id, status: Status });

export const MyFeedback = Type.Object({
  id: Id,
  appointmentId: Id,
  visitAt: Type.String({ format: 'date-time' }),
  doctorName: Type.String(),
  ratings: Ratings,
  ...Texts,
  anonymous: Type.Boolean(),
  status: Status,
  moderationReason: Nullable(Type.String({ description: 'Why it was not published (rejected only)' })),
  reply: Nullable(Type.Object({ body: Type.String(), at: Type.String({ format: 'date-time' }), reportedByYou: Type.Boolean() })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const MyFeedbackList = Type.Object({ feedback: Type.Array(MyFeedback) });

export const FeedbackEntry = Type.Object({
  id: Id,
  doctorId: Id,
  doctorName: Type.String(),
  locationId: Id,
  visitDay: Type.String({ description: "The visit's local day (an anonymous entry gives no closer time)" }),
  ratings: Ratings,
  ...Texts,
  anonymous: Type.Boolean(),
  patient: Nullable(Type.Object({ id: Id, name: Type.String() }, { description: 'null when anonymous' })),
  channel: Type.Enum(['portal', 'link']),
  sentiment: Nullable(
    Type.Object({ score: Type.Number(), comparative: Type.Number(), label: Type.Enum(['positive', 'neutral', 'negative']) }),
  ),
  status: Status,
  moderation: Nullable(Type.Object({ by: Id, at: Type.String({ format: 'date-time' }), reason: Nullable(Type.String()) })),
  reply: Nullable(
    Type.Object({ body: Type.String(), at: Type.String({ format: 'date-time' }), hidden: Type.Boolean(), reportCount: Type.Integer() }),
  ),
  helpfulCount: Type.Integer(),
  followUp: Nullable(
    Type.Object({
      status: Type.Enum(['open', 'done']),
      reasons: Type.Array(Type.Enum(['low_rating', 'negative_sentiment'])),
      openedAt: Type.String({ format: 'date-time' }),
      closedAt: Nullable(Type.String({ format: 'date-time' })),
      note: Nullable(Type.String()),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});
export const FeedbackPage = Type.Object({
  feedback: Type.Array(FeedbackEntry),
  next: Nullable(Type.String({ description: 'Pass as `before` for the next (older) page' })),
});

const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 }));
const Before = Type.Optional(Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'An id from `next`: entries older than it' }));

export const FeedbackQuery = Type.Object(
  {
    doctorId: Type.Optional(Id),
    locationId: Type.Optional(Id),
    status: Type.Optional(Status),
    followUp: Type.Optional(Type.Enum(['open', 'done'])),
    reported: Type.Optional(Type.Boolean({ description: 'Only entries whose reply patients reported' })),
    limit: Limit,
    before: Before,
  },
  { additionalProperties: false },
);

export const PageQuery = Type.Object({ limit: Limit, before: Before }, { additionalProperties: false });

export const ModerateBody = Type.Object(
  {
    status: Type.Enum(['approved', 'rejected']),
    reason: Type.Optional(Written(500)),
  },
  { additionalProperties: false },
);
export const ReplyBody = Type.Object({ body: Written(2000) }, { additionalProperties: false });
export const ReportBody = Type.Object({ reason: Written(500) }, { additionalProperties: false });
export const ReplyModerateBody = Type.Object({ hidden: Type.Boolean() }, { additionalProperties: false });
export const FollowUpBody = Type.Object(
  { status: Type.Literal('done'), note: Type.Optional(Written(1000)) },
  { additionalProperties: false },
);

export const Author = Type.Object({ patientId: Id, firstName: Type.String(), lastName: Type.String() });
export const Reported = Type.Object({ reported: Type.Literal(true) });
export const Helpful = Type.Object({ helpfulCount: Type.Integer() });

const DimensionFigure = Type.Object({ average: Nullable(Type.Number()), count: Type.Integer() });
export const DoctorRating = Type.Object({
  doctorId: Id,
  average: Nullable(Type.Number({ description: 'Mean overall rating, 2 decimals; null without approved feedback' })),
  count: Type.Integer({ description: 'Approved feedback entries' }),
  dimensions: Type.Object({
    overall: DimensionFigure,
    waitTime: DimensionFigure,
    communication: DimensionFigure,
    staffCourtesy: DimensionFigure,
    cleanliness: DimensionFigure,
    easeOfBooking: DimensionFigure,
  }),
});

export const Review = Type.Object({
  id: Id,
  visitMonth: Type.String({ description: 'YYYY-MM of the visit' }),
  ratings: Ratings,
  comment: Nullable(Type.String()),
  wentWell: Nullable(Type.String()),
  reply: Nullable(Type.Object({ body: Type.String(), at: Type.String({ format: 'date-time' }) })),
  helpfulCount: Type.Integer(),
});
export const ReviewPage = Type.Object({ reviews: Type.Array(Review), next: Nullable(Type.String()) });

/** Fields whose values the audit log may keep: ratings and states, never the patient's or doctor's words. */
export const FEEDBACK_AUDIT_FIELDS = ['status', 'anonymous', 'channel', 'ratings', 'helpfulCount'] as const;
