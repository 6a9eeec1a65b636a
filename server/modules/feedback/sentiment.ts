// What a comment's words say (AFINN-165 through the `sentiment` library) and whether an admin
// should follow the feedback up. Pure functions: each rule has a unit test beside it.
import Sentiment from 'sentiment';
import type { FollowUpReason, Ratings, SentimentLabel } from './store.js';

const analyser = new Sentiment();

/** A low overall rating: 1 or 2 of 5. */
export const LOW_OVERALL = 2;

export function sentimentOf(text: string | null): { score: number; comparative: number; label: SentimentLabel } | null {
  if (!text?.trim()) return null;
  const { score, comparative } = analyser.analyze(text);
  const label: SentimentLabel = score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
  return { score, comparative: Math.round(comparative * 1000) / 1000, label };
}

/** Why this feedback needs an admin's follow-up (empty: it does not). */
export function followUpReasons(ratings: Ratings, sentiment: { label: SentimentLabel } | null): FollowUpReason[] {
  const reasons: FollowUpReason[] = [];
  if (ratings.overall <= LOW_OVERALL) reasons.push('low_rating');
  if (sentiment?.label === 'negative') reasons.push('negative_sentiment');
  return reasons;
}
