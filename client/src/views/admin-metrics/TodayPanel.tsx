// A location's day so far, live (GET /api/locations/:id/today): how many wait now, how long the
// patients called today waited, calls in each hour, and the doctors running late. Read again every
// 30 seconds while the page is shown (the hub computes each answer afresh), or at once with Refresh.
// The figures change quietly: a screen reader hears them when it reads the panel, not every refresh.
import { useCallback, useEffect, useId } from 'react';
import { ErrorLine, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location, LocationToday } from '../../lib/contract';
import { calendarDay, time } from '../../lib/datetime';
import { useLatest } from '../reception/use-latest';

const EVERY_MS = 30_000;

const hourText = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export function TodayPanel({ location }: { location: Location }) {
  const id = useId();
  const load = useCallback(() => api<LocationToday>('GET', `/api/locations/${location.id}/today`), [location.id]);
  const today = useLatest(load);
  const { reload } = today;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const t = today.data;
  return (
    <section className="metrics-today" aria-labelledby={`${id}-title`}>
      <div className="row metrics-today-head">
        <h2 id={`${id}-title`}>Today{t ? `, ${calendarDay(t.day)}` : ''}</h2>
        <button type="button" onClick={() => void reload()} disabled={today.loading}>
          {today.loading ? 'Refreshing…' : 'Refresh'}
          <span className="sr-only"> today’s figures</span>
        </button>
      </div>
      {today.error ? <ErrorLine error={today.error} /> : null}
      {!t ? today.error ? null : <Loading what="Loading today" /> : <Today today={t} zone={location.timezone} />}
    </section>
  );
}

function Today({ today, zone }: { today: LocationToday; zone: string }) {
  const calls = today.callsPerHour.reduce((n, h) => n + h.calls, 0);
  // The hours from the first call (or now, before any) to now, in the location's clock.
  const nowHour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(today.generatedAt)),
  );
  const firstHour = today.callsPerHour.find((h) => h.calls > 0)?.hour ?? nowHour;
  const hours = today.callsPerHour.filter((h) => h.hour >= Math.min(firstHour, nowHour) && h.hour <= Math.max(nowHour, firstHour));
  const most = Math.max(1, ...hours.map((h) => h.calls));
  return (
    <>
      <dl className="metrics-totals">
        <div>
          <dt>Waiting now</dt>
          <dd>{today.waitingNow}</dd>
        </div>
        <div>
          <dt>Average wait today</dt>
          <dd>{today.averageWaitMinutes === null ? '–' : `${today.averageWaitMinutes} min`}</dd>
        </div>
        <div>
          <dt>Called today</dt>
          <dd>{calls}</dd>
        </div>
        <div>
          <dt>Doctors running late</dt>
          <dd>{today.doctorsRunningLate.length}</dd>
        </div>
      </dl>
      <div className="metrics-today-parts">
        <table className="metrics-hours" aria-label="Calls per hour today">
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Patients called</th>
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h.hour}>
                <th scope="row">
                  {hourText(h.hour)}–{hourText((h.hour + 1) % 24)}
                </th>
                <td>
                  <span className="metrics-bar" style={{ width: `${(h.calls / most) * 8}rem` }} aria-hidden="true" />
                  {h.calls}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <h3>Running late</h3>
          {today.doctorsRunningLate.length === 0 ? (
            <p className="muted">Every doctor is on time.</p>
          ) : (
            <ul aria-label="Doctors running late">
              {today.doctorsRunningLate.map((d) => (
                <li key={d.doctorId}>
                  {d.name}: {d.delayMinutes} min late
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <p className="muted">Updated at {time(today.generatedAt, zone)}; read again every 30 seconds.</p>
    </>
  );
}
