// How many of a location's visits of a local day had their feedback request sent (on at least one
// channel): the daily metrics' feedbackRequested (metrics/rollup.ts). One query answers many days;
// it joins the appointments table (scheduling's), read-only, because the day and location of a
// message are its visit's, and the rollup asks for hundreds of days at once.
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';

/** One local day of one location, as the UTC instants [start, end) its visits start in. */
export interface RequestWindow {
  locationId: string;
  day: string;
  start: Date;
  end: Date;
}

/** How many windows go into one query (a derived table of UNION ALL rows). */
const WINDOWS_PER_QUERY = 100;

/**
 * Visits starting in each window whose `feedback_request` row is `sent` on some channel, keyed
 * `locationId|day` (a window with none is absent). A moved-away visit (cancelled by a reschedule)
 * needs no filter here: a request only goes out for a completed visit.
 */
export async function feedbackRequestsSent(db: Database, windows: readonly RequestWindow[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < windows.length; i += WINDOWS_PER_QUERY) {
    const chunk = windows.slice(i, i + WINDOWS_PER_QUERY);
    const derived = sql.join(
      chunk.map(
        (w) =>
          sql`select ${w.locationId} as location_id, ${w.day} as day, cast(${w.start} as datetime(3)) as start_utc, cast(${w.end} as datetime(3)) as end_utc`,
      ),
      sql` union all `,
    );
    const [rows] = (await db.execute(sql`
      select w.location_id, w.day, count(*) as requested
      from (${derived}) w
      join appointments a on a.location_id = w.location_id and a.start_at >= w.start_utc and a.start_at < w.end_utc
      where exists (
        select 1 from notification_log n where n.appointment_id = a.id and n.kind = 'feedback_request' and n.status = 'sent'
      )
      group by w.location_id, w.day`)) as unknown as [{ location_id: string; day: string; requested: number | string }[]];
    for (const r of rows) counts.set(`${r.location_id}|${r.day}`, Number(r.requested));
  }
  return counts;
}
