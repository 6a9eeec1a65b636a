// How feedback is kept in MongoDB (collection `feedback`, db/mongo/collections.ts): one document
// per completed visit, the unique index on appointmentId being what makes a second one impossible.
import { DateTime } from 'luxon';
import type { Collection, Db } from 'mongodb';
import { idAt } from '../../../db/ids.js';

/** The seed-004 dimensions, each rated 1–5; only `overall` is required. */
export const DIMENSIONS = ['overall', 'waitTime', 'communication', 'staffCourtesy', 'cleanliness', 'easeOfBooking'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Ratings = { overall: number } & Partial<Record<Exclude<Dimension, 'overall'>, number>>;

export const FEEDBACK_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
/** Where it came from: the signed-in portal, or the signed link of a feedback request. */
export type FeedbackChannel = 'portal' | 'link';
export type SentimentLabel = 'positive' | 'neutral' | 'negative';
/** Why an admin should look: a low overall rating, negative words, or both. */
export type FollowUpReason = 'low_rating' | 'negative_sentiment';

export interface FeedbackDoc {
  _id: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  locationId: string;
  /** The visit's start, and its local day at the location (the daily metrics count by it). */
  visitAt: Date;
  visitDay: string;
  ratings: Ratings;
  comment: string | null;
  wentWell: string | null;
  suggestions: string | null;
  anonymous: boolean;
  channel: FeedbackChannel;
  /** AFINN-165 (the `sentiment` library) over the comment; null without a comment. */
  sentiment: { score: number; comparative: number; label: SentimentLabel } | null;
  status: FeedbackStatus;
  /** The last moderation decision. */
  moderation: { by: string; at: Date; reason: string | null } | null;
  /** The doctor's one public reply; `hidden` when an admin took it down after reports. */
  reply: {
    body: string;
    by: string;
    at: Date;
    hidden: boolean;
    reports: { by: string; at: Date; reason: string }[];
  } | null;
  /** Users who found it helpful (one mark each); helpfulCount is its length. */
  helpfulBy: string[];
  helpfulCount: number;
  /** An admin's task opened by a low rating or negative sentiment. */
  followUp: {
    status: 'open' | 'done';
    reasons: FollowUpReason[];
    openedAt: Date;
    closedBy: string | null;
    closedAt: Date | null;
    note: string | null;
  } | null;
  /**
   * From when lists show it: at once for a named entry; from the end of the local day it was given
   * for an anonymous one, so that the moment it appeared cannot point at its author.
   */
  listedFrom: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const feedbackCollection = (mongo: Db): Collection<FeedbackDoc> => mongo.collection<FeedbackDoc>('feedback');

/** Whether the visit's feedback was given (the feedback request is not sent then). */
export async function feedbackGivenFor(mongo: Db, appointmentId: string): Promise<boolean> {
  return (await feedbackCollection(mongo).countDocuments({ appointmentId }, { limit: 1 })) > 0;
}

/**
 * An entry's id, a ULID: of the moment it was written, or for an anonymous entry of its visit's
 * month, the closest time published reviews show (the moment would point at its author).
 */
export function feedbackIdOf(anonymous: boolean, visitDay: string, writtenAt: Date): string {
  return idAt(anonymous ? Date.parse(`${visitDay.slice(0, 7)}-01T00:00:00Z`) : writtenAt.getTime());
}

/** When lists start showing an entry: at once, or for an anonymous one at the end of the local day it was written. */
export function listedFromOf(anonymous: boolean, writtenAt: Date, zone: string): Date {
  return anonymous ? DateTime.fromJSDate(writtenAt, { zone }).plus({ days: 1 }).startOf('day').toJSDate() : writtenAt;
}
