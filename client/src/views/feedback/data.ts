// What the feedback pages read: the patient's own feedback (and so which visits are rated), and
// one list of the clinic's feedback page by page (the moderation list, the doctor's page).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { FeedbackEntry, FeedbackList, MyFeedback, MyFeedbackList } from '../../lib/contract';

/**
 * The patient's own feedback, newest first, and the visits it is about. `justRated` keeps the
 * visits rated on this page since it opened, so the form that was used can stay open on its
 * thank-you while the lists around it already know the visit is rated.
 */
export function useMyFeedback(refreshKey = 0) {
  const [feedback, setFeedback] = useState<MyFeedback[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [justRated, setJustRated] = useState<ReadonlySet<string>>(new Set());
  const reload = useCallback(async () => {
    try {
      setFeedback((await api<MyFeedbackList>('GET', '/api/feedback/mine')).feedback);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);
  const rated = useCallback(
    async (appointmentId: string) => {
      setJustRated((before) => new Set(before).add(appointmentId));
      await reload();
    },
    [reload],
  );
  const ratedIds = new Set(feedback?.map((f) => f.appointmentId));
  return { feedback, error, reload, ratedIds, justRated, rated };
}

export type MyFeedbackState = ReturnType<typeof useMyFeedback>;

/** A filtered list of feedback: the first page, then "Show more" pages (`before` = the last `next`). */
export function useFeedbackList(query: string, enabled = true) {
  const [entries, setEntries] = useState<FeedbackEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  /** Reads a page: the first (replacing the list), or the one after `before` (added below it). */
  const load = useCallback(
    async (before: string | null) => {
      setLoading(true);
      try {
        const page = await api<FeedbackList>('GET', `/api/feedback?${query}${before ? `&before=${encodeURIComponent(before)}` : ''}`);
        setEntries((shown) =>
          before ? [...(shown ?? []), ...page.feedback.filter((f) => !shown?.some((b) => b.id === f.id))] : page.feedback,
        );
        setNext(page.next);
        setError(null);
      } catch (err) {
        setError(err);
      } finally {
        setLoading(false);
      }
    },
    [query],
  );
  /** The first page again: after a change (an entry may have left the filter), or with another filter. */
  const reload = useCallback(() => load(null), [load]);
  const more = useCallback(async () => {
    if (next) await load(next);
  }, [load, next]);

  useEffect(() => {
    if (!enabled) return;
    setEntries(null);
    void reload();
  }, [reload, enabled]);

  /** One entry as an action returned it, in place (the list is read again after it too). */
  const replace = useCallback((entry: FeedbackEntry) => {
    setEntries((before) => before?.map((e) => (e.id === entry.id ? entry : e)) ?? null);
  }, []);

  return { entries, next, error, loading, reload, more, replace };
}
