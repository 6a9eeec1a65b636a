// Feedback in words: the dimensions as questions and labels, what each number of stars means, a
// review's status as the patient and the clinic read it, and why a follow-up was opened.
import type { FeedbackDimension, FeedbackEntry, FeedbackRatings, FeedbackStatus, FollowUpReason } from '../../lib/contract';

/** In the order the form asks them: overall first (the one that is required). */
export const DIMENSIONS = ['overall', 'waitTime', 'communication', 'staffCourtesy', 'cleanliness', 'easeOfBooking'] as const;
// Every dimension of the contract is asked, and nothing else: a new one does not compile until it has words.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type DimensionsComplete = Holds<Same<(typeof DIMENSIONS)[number], FeedbackDimension>>;

export const DIMENSION_LABEL: Record<FeedbackDimension, string> = {
  overall: 'Overall',
  waitTime: 'Wait time',
  communication: 'Doctor’s communication',
  staffCourtesy: 'Staff courtesy',
  cleanliness: 'Cleanliness',
  easeOfBooking: 'Ease of booking',
};

/** What a number of stars says, for the radio's name and the line under the stars. */
export const STAR_WORD: Record<number, string> = { 1: 'Very poor', 2: 'Poor', 3: 'OK', 4: 'Good', 5: 'Excellent' };

export const stars = (n: number) => `${n} star${n === 1 ? '' : 's'}`;

/** "4 of 5" for lists; the dimensions not rated are left out. */
export function ratedDimensions(ratings: FeedbackRatings): { dimension: FeedbackDimension; value: number }[] {
  return DIMENSIONS.flatMap((dimension) => {
    const value = ratings[dimension];
    return typeof value === 'number' ? [{ dimension, value }] : [];
  });
}

/** The patient's view of where their feedback is. */
export const MY_STATUS: Record<FeedbackStatus, string> = {
  pending: 'Awaiting review',
  approved: 'Published',
  rejected: 'Not published',
};

/** The clinic's view. */
export const STATUS: Record<FeedbackStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const FOLLOW_UP_REASON: Record<FollowUpReason, string> = {
  low_rating: 'Low rating',
  negative_sentiment: 'Negative words',
};

export const SENTIMENT: Record<NonNullable<FeedbackEntry['sentiment']>['label'], string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
};

/** "4.25" → "4.3"; no ratings yet → "–". */
export const average = (value: number | null) => (value === null ? '–' : value.toFixed(1));
