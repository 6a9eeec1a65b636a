// A doctor's weekly hours as a grid: a row a weekday, its time ranges side by side (two ranges
// with a gap are a morning and an afternoon: the gap is the break), each at a location when the
// clinic has more than one. Typed times are local to the range's location. Saving replaces the
// whole week (PUT /api/doctors/:id/schedule); week.ts turns the grid into the hub's rules and says
// in words what stops it (the range at fault is marked and focused).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Doctor, Location, Schedule, ScheduleInput } from '../../lib/contract';
import { Problem, useAction } from './parts';
import { copyDay, hoursOf, newRange, type Range, rulesFromWeek, WEEKDAYS, type Week, weekFromRules } from './week';

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const toClock = (minutes: number) => {
  const m = Math.max(0, Math.min(minutes, 23 * 60 + 59));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The range "Add hours" proposes: the working day on an empty day, else two hours after a break. */
function nextRange(day: readonly Range[], locationId: string): Range {
  const last = [...day].sort((a, b) => a.end.localeCompare(b.end)).at(-1);
  if (!last || !/^\d\d:\d\d$/.test(last.end)) return newRange(locationId, '09:00', '17:00');
  const start = Math.min(toMinutes(last.end) + 60, 22 * 60);
  return newRange(last.locationId, toClock(start), toClock(start + 120));
}

export function WeekGrid({ doctor, locations, onSaved }: { doctor: Doctor; locations: Location[]; onSaved: (sentence: string) => void }) {
  const id = useId();
  const [saved, setSaved] = useState<Week | null>(null);
  const [week, setWeek] = useState<Week | null>(null);
  const [wrong, setWrong] = useState<string | null>(null);
  const [from, setFrom] = useState(0);
  const load = useAction();
  const save = useAction();
  const grid = useRef<HTMLTableElement>(null);

  const read = useCallback(
    () =>
      load.run(async () => {
        const schedule = await api<Schedule>('GET', `/api/doctors/${doctor.id}/schedule`);
        const w = weekFromRules(schedule.rules);
        setSaved(w);
        setWeek(w);
      }),
    [doctor.id, load.run],
  );
  useEffect(() => {
    void read();
  }, [read]);

  const focus = (selector: string) => requestAnimationFrame(() => grid.current?.querySelector<HTMLElement>(selector)?.focus());

  function change(day: number, ranges: Range[]) {
    setWeek((w) => w?.map((d, i) => (i === day ? ranges : d)) ?? null);
    setWrong(null);
    save.setError(null);
  }

  function submit() {
    if (!week) return;
    const answer = rulesFromWeek(week);
    if ('problem' in answer) {
      setWrong(answer.problem.key);
      save.setError(answer.problem.message);
      focus(`[data-range="${answer.problem.key}"] input`);
      return;
    }
    void save.run(async () => {
      const body: ScheduleInput = { rules: answer.rules };
      const schedule = await api<Schedule>('PUT', `/api/doctors/${doctor.id}/schedule`, body);
      const w = weekFromRules(schedule.rules);
      setSaved(w);
      setWeek(w);
      onSaved(`Weekly hours of ${doctor.displayName} saved.`);
    });
  }

  if (!week) return load.error ? <Problem error={load.error} /> : <Loading what="Loading the weekly hours" />;
  const dirty = JSON.stringify(strip(week)) !== JSON.stringify(strip(saved ?? []));
  const several = locations.length > 1;
  const zones = [...new Set(locations.map((l) => l.timezone))];

  return (
    <section className="card admin-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Weekly hours</h3>
      <p className="muted">
        Times are the clock of each location ({zones.length === 1 ? zones[0] : locations.map((l) => `${l.name}: ${l.timezone}`).join('; ')}
        ). Two ranges on one day with a gap between them are a break, e.g. 09:00–12:00 and 13:00–17:00 for a lunch hour.
      </p>
      <div className="week-tools">
        <div className="field">
          <label htmlFor={`${id}-copy`}>Copy a day</label>
          <select id={`${id}-copy`} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => setWeek((w) => (w ? copyDay(w, from, [0, 1, 2, 3, 4]) : w))}>
          Copy to Monday–Friday
        </button>
        <button type="button" onClick={() => setWeek((w) => (w ? copyDay(w, from, [0, 1, 2, 3, 4, 5, 6]) : w))}>
          Copy to every day
        </button>
      </div>
      <div className="admin-table-wrap">
        <table ref={grid} className="admin-table week-grid" aria-label={`Weekly hours of ${doctor.displayName}`}>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Hours</th>
              <th scope="col" className="hours">
                In all
              </th>
            </tr>
          </thead>
          <tbody>
            {week.map((ranges, day) => {
              const name = WEEKDAYS[day] as string;
              return (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <ul className="week-ranges" aria-label={`${name} hours`}>
                      {ranges.map((r, n) => {
                        const label = `${name}, range ${n + 1}`;
                        const put = (patch: Partial<Range>) =>
                          change(
                            day,
                            ranges.map((x) => (x.key === r.key ? { ...x, ...patch } : x)),
                          );
                        return (
                          <li key={r.key} data-range={r.key} className={`week-range${wrong === r.key ? ' wrong' : ''}`}>
                            <input
                              type="time"
                              aria-label={`${label}: from`}
                              value={r.start}
                              step={300}
                              required
                              aria-invalid={wrong === r.key || undefined}
                              onChange={(e) => put({ start: e.target.value })}
                            />
                            <span aria-hidden="true">–</span>
                            <input
                              type="time"
                              aria-label={`${label}: until`}
                              value={r.end}
                              step={300}
                              required
                              aria-invalid={wrong === r.key || undefined}
                              onChange={(e) => put({ end: e.target.value })}
                            />
                            {several ? (
                              <select
                                aria-label={`${label}: location`}
                                value={r.locationId}
                                onChange={(e) => put({ locationId: e.target.value })}
                              >
                                {locations.map((l) => (
                                  <option key={l.id} value={l.id}>
                                    {l.name}
                                  </option>
                                ))}
                              </select>
                            ) : null}
                            <button
                              type="button"
                              className="week-remove"
                              title="Remove these hours"
                              onClick={() => {
                                change(
                                  day,
                                  ranges.filter((x) => x.key !== r.key),
                                );
                                focus(`[data-add="${day}"]`);
                              }}
                            >
                              <span aria-hidden="true">✕</span>
                              <span className="sr-only">Remove {label}</span>
                            </button>
                          </li>
                        );
                      })}
                      <li>
                        <button
                          type="button"
                          data-add={day}
                          onClick={() => {
                            const added = nextRange(ranges, doctor.locationId);
                            change(day, [...ranges, added]);
                            focus(`[data-range="${added.key}"] input`);
                          }}
                        >
                          Add hours<span className="sr-only"> on {name}</span>
                        </button>
                      </li>
                    </ul>
                  </td>
                  <td className="hours">{hoursOf(ranges)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Problem error={save.error} />
      <div className="row">
        <button type="button" className="primary" disabled={save.busy || !dirty} onClick={submit}>
          {save.busy ? 'Saving…' : 'Save weekly hours'}
        </button>
        <button
          type="button"
          disabled={!dirty || save.busy}
          onClick={() => {
            setWeek(saved);
            setWrong(null);
            save.setError(null);
          }}
        >
          Undo changes
        </button>
        {dirty ? <span className="muted">Not saved yet.</span> : null}
      </div>
    </section>
  );
}

const strip = (week: Week) => week.map((d) => d.map(({ locationId, start, end }) => ({ locationId, start, end })));
