// What the audit and system log pages share: a newest-first list read a page at a time, and the
// days a filter names turned into the instants the API takes. Neither API pages by offset: the next
// (older) page is the one before the oldest entry shown. It asks for entries before that entry's
// millisecond plus one, so entries written in the same millisecond are not skipped, and drops the
// ones already shown.
import { useCallback, useEffect, useRef, useState } from 'react';

export const PAGE_SIZE = 50;

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
 * A newest-first list for `read` (which gets the `to` to ask for, or undefined for the filter's
 * own), the first page read again whenever `read` changes (a new filter), older pages on `more()`.
 */
export function useOlderPages<T extends { id: string; at: string }>(read: (to: string | undefined) => Promise<T[]>, filterTo?: string) {
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
      try {
        const page = await read(to);
        if (n !== latest.current) return;
        const shown = new Set(after?.map((i) => i.id));
        const fresh = page.filter((i) => !shown.has(i.id));
        setItems([...(after ?? []), ...fresh]);
        setHasMore(page.length >= PAGE_SIZE && fresh.length > 0);
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
