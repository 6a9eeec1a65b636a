// Long lists on the screen are shown a page at a time, never clipped: each list measures how many
// rows fit its box (one hidden sample row gives the row height; the box's height comes from the
// layout, not from the rows, so measuring cannot feed back into itself), and one shared page
// counter turns every list's page together, slowly enough to read from a chair.
import { type RefObject, useEffect, useLayoutEffect, useState } from 'react';

/** How long a page stays up: time to find one's ticket and read its wait from across the room. */
export const PAGE_MS = 8_000;

/** A counter that goes up by one every `ms`; each list shows page `turn % pages`. */
export function usePageTurn(ms = PAGE_MS): number {
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTurn((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return turn;
}

/** How many rows as tall as `sample` fit inside `box` (at least one), kept up to date on resizes. */
export function useRowsThatFit(box: RefObject<HTMLElement | null>, sample: RefObject<HTMLElement | null>): number {
  const [rows, setRows] = useState(1);
  useLayoutEffect(() => {
    const outer = box.current;
    const row = sample.current;
    if (!outer || !row) return;
    const measure = () => {
      const rowHeight = row.getBoundingClientRect().height;
      const height = outer.getBoundingClientRect().height;
      // A hair of tolerance: sub-pixel heights must not drop a row that fits exactly.
      if (rowHeight > 0) setRows(Math.max(1, Math.floor((height + 0.05) / rowHeight)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(outer);
    observer.observe(row);
    return () => observer.disconnect();
  }, [box, sample]);
  return rows;
}

/** The page of `items` to show for the shared `turn`: its rows, its number (from 1) and the count. */
export function pageOf<T>(items: readonly T[], perPage: number, turn: number) {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const index = turn % pages;
  return { rows: items.slice(index * perPage, (index + 1) * perPage), first: index * perPage, page: index + 1, pages };
}
