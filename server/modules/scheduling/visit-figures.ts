// Figures about the visits of some local days, straight from the appointments table (scheduling
// owns it): counts by outcome, new patients, mean wait and mean consultation. The metrics module
// rolls them up per location and day (metrics/rollup.ts says what each figure means).
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { RESCHEDULED_REASON } from './transitions.js';

/** How many windows go into one query (a derived table of UNION ALL rows). */
const WINDOWS_PER_QUERY = 100;

/** One local day of one location, as the UTC instants [start, end) it covers. */
export interface DayWindow {
  locationId: string;
  day: string;
  start: Date;
  end: Date;
}

export interface DayFigures {
  locationId: string;
  day: string;
  appointments: number;
  completed: number;
  cancelled: number;
  noShows: number;
  newPatients: number;
  avgWaitSeconds: number | null;
  avgConsultationSeconds: number | null;
}

const notMoved = (alias: string) => sql.raw(`not (${alias}.status = 'cancelled' and ${alias}.cancel_reason <=> '${RESCHEDULED_REASON}')`);

/**
 * The figures of each window, straight from the appointments table (definitions above). A
 * window may span several days (the route's totals use one window over the whole range): the
 * counts then add up over the days and the averages are the exact means over all of them.
 */
export async function computeFigures(db: Database, windows: readonly DayWindow[]): Promise<DayFigures[]> {
  const out: DayFigures[] = [];
  for (let i = 0; i < windows.length; i += WINDOWS_PER_QUERY) {
    out.push(...(await computeChunk(db, windows.slice(i, i + WINDOWS_PER_QUERY))));
  }
  return out;
}

async function computeChunk(db: Database, windows: readonly DayWindow[]): Promise<DayFigures[]> {
  if (!windows.length) return [];
  const derived = sql.join(
    windows.map(
      (w) =>
        sql`select ${w.locationId} as location_id, ${w.day} as day, cast(${w.start} as datetime(3)) as start_utc, cast(${w.end} as datetime(3)) as end_utc`,
    ),
    sql` union all `,
  );
  const [rows] = (await db.execute(sql`
    select w.location_id, w.day,
      count(a.id) as appointments,
      coalesce(sum(a.status = 'completed'), 0) as completed,
      coalesce(sum(a.status = 'cancelled'), 0) as cancelled,
      coalesce(sum(a.status = 'no_show'), 0) as no_shows,
      count(distinct case when a.id is not null and not exists (
        select 1 from appointments p
        where p.patient_id = a.patient_id and ${notMoved('p')}
          and (p.start_at < a.start_at or (p.start_at = a.start_at and p.id < a.id))
      ) then a.patient_id end) as new_patients,
      round(avg(timestampdiff(microsecond, a.checked_in_at, a.called_at)) / 1000000) as avg_wait,
      round(avg(timestampdiff(microsecond, a.started_at, a.completed_at)) / 1000000) as avg_consultation
    from (${derived}) w
    left join appointments a
      on a.location_id = w.location_id and a.start_at >= w.start_utc and a.start_at < w.end_utc and ${notMoved('a')}
    group by w.location_id, w.day`)) as unknown as [
    {
      location_id: string;
      day: string;
      appointments: number | string;
      completed: number | string;
      cancelled: number | string;
      no_shows: number | string;
      new_patients: number | string;
      avg_wait: number | string | null;
      avg_consultation: number | string | null;
    }[],
  ];
  const nullable = (v: number | string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    locationId: r.location_id,
    day: r.day,
    appointments: Number(r.appointments),
    completed: Number(r.completed),
    cancelled: Number(r.cancelled),
    noShows: Number(r.no_shows),
    newPatients: Number(r.new_patients),
    avgWaitSeconds: nullable(r.avg_wait),
    avgConsultationSeconds: nullable(r.avg_consultation),
  }));
}
