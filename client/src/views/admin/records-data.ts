// What the audit and system log pages share: a newest-first list read a page at a time, and the
// days a filter names turned into the instants the API takes. Neither API pages by offset: the next
// (older) page is read from the oldest entry shown. It asks for entries before that entry's
// millisecond plus one, with room for the ones of that millisecond already shown (which it drops),
// so entries written in the same millisecond are neither skipped nor shown twice.
import { useCallback, useEffect, useRef, useState } from 'react';

const PAGE_SIZE = 50;
/** The most either API answers at once. */
const MAX_LIMIT = 500;

/** The instant a calendar day (YYYY-MM-DD) starts in the browser's zone, `days` later; null for no day. */
export function dayStart(date: string, days = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const start = new Date(y, m - 1, d + days);
  return Number.isNaN(start.getTime()) ? null : start.toISOString();
}

/** `from` and `to` for the days from `fromDay` to `toDay`, both included (the API's `to` is exclusive). */
export function dayRange(fromDay: string, toDay: string): { from?: string; to?: string } {
  const from = dayStart(fromDay);
  const to = dayStart(toDay, 1);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Before the instant `to` (an ISO string), or nothing: the earlier of the filter's end and the paging point. */
const earlier = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a < b ? a : b);

/**
 * A newest-first list for `read` (which gets the `to` and `limit` to ask for; `to` undefined: none),
 * the first page read again whenever `read` changes (a new filter), older pages on `more()`.
 * `filterTo` is the filter's own end, which an older page never goes past.
 */
export function useOlderPages<T extends { id: string; at: string }>(
  read: (to: string | undefined, limit: number) => Promise<T[]>,
  filterTo?: string,
) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const latest = useRef(0);

  const load = useCallback(
    async (after: T[] | null) => {
      const n = ++latest.current;
      setLoading(true);
      const oldest = after?.at(-1);
      const to = oldest ? earlier(new Date(Date.parse(oldest.at) + 1).toISOString(), filterTo) : filterTo;
      // The entries of the oldest one's millisecond already shown come back again: room is made for them.
      const again = oldest ? (after ?? []).filter((i) => Date.parse(i.at) === Date.parse(oldest.at)).length : 0;
      const limit = Math.min(PAGE_SIZE + again, MAX_LIMIT);
      try {
        const page = await read(to, limit);
        if (n !== latest.current) return;
        const shown = new Set(after?.map((i) => i.id));
        const fresh = page.filter((i) => !shown.has(i.id));
        setItems([...(after ?? []), ...fresh]);
        setHasMore(page.length >= limit && fresh.length > 0);
        setError(null);
      } catch (err) {
        if (n === latest.current) setError(err);
      } finally {
        if (n === latest.current) setLoading(false);
      }
    },
    [read, filterTo],
  );

  useEffect(() => {
    setItems(null);
    void load(null);
  }, [load]);

  const more = useCallback(() => load(items), [load, items]);
  const reload = useCallback(() => load(null), [load]);
  return { items, error, loading, hasMore, more, reload };
}
