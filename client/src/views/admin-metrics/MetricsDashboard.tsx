// The daily metrics of a location (chosen by the page around it) over a chosen period, drawn:
// visits, waits and consultations, revenue, feedback. Each chart is also a table (DayChart). Days never rolled up are shown empty,
// not as zero; the totals under the picker are exact over the whole range (the server computes them).
import './metrics.css';
import { useEffect, useId, useMemo, useState } from 'react';
import { ErrorLine, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location, MetricsReport } from '../../lib/contract';
import { money } from '../../lib/money';
import { DayChart, type DaySeries } from './DayChart';

const COLOURS = ['#1f5fbf', '#2e7d32', '#b3261e', '#8a5a00'];

/** Every calendar day from `from` to `to` (YYYY-MM-DD, both included). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && out.length < 400; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function MetricsDashboard({ location }: { location: Location }) {
  const id = useId();
  const locationId = location.id;
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!locationId || !from || !to || to < from) return;
    setReport(null);
    api<MetricsReport>('GET', `/api/locations/${locationId}/metrics?from=${from}&to=${to}`)
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch(setError);
  }, [locationId, from, to]);

  return (
    <section className="metrics-dashboard" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Daily figures</h2>
      <div className="row metrics-pick">
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {error ? <ErrorLine error={error} /> : null}
      {report ? <Charts report={report} /> : error ? null : <Loading what="Loading the figures" />}
    </section>
  );
}

function Charts({ report }: { report: MetricsReport }) {
  const days = useMemo(() => daysOf(report.from, report.to), [report.from, report.to]);
  const byDay = useMemo(() => new Map(report.days.map((d) => [d.day, d])), [report.days]);
  const series = (label: string, pick: (d: MetricsReport['days'][number]) => number | null, i: number): DaySeries => ({
    label,
    colour: COLOURS[i % COLOURS.length] as string,
    values: days.map((d) => {
      const row = byDay.get(d);
      return row ? pick(row) : null;
    }),
  });
  const currency = report.totals.currency;
  const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10);
  const t = report.totals;
  return (
    <>
      <dl className="metrics-totals">
        <div>
          <dt>Visits</dt>
          <dd>{t.appointments}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>{t.completed}</dd>
        </div>
        <div>
          <dt>No-shows</dt>
          <dd>{t.noShows}</dd>
        </div>
        <div>
          <dt>Average wait</dt>
          <dd>{t.avgWaitSeconds === null ? '–' : `${minutes(t.avgWaitSeconds)} min`}</dd>
        </div>
        <div>
          <dt>Revenue</dt>
          <dd>{money(t.revenueMinor, currency)}</dd>
        </div>
        <div>
          <dt>Overall rating</dt>
          <dd>{t.feedbackRatings?.overall ? `${t.feedbackRatings.overall} / 5` : '–'}</dd>
        </div>
      </dl>
      <div className="metrics-charts">
        <DayChart
          title="Visits"
          show={(v) => String(Math.round(v))}
          days={days}
          series={[
            series('Booked', (d) => d.appointments, 0),
            series('Completed', (d) => d.completed, 1),
            series('No-shows', (d) => d.noShows, 2),
            series('Cancelled', (d) => d.cancelled, 3),
          ]}
        />
        <DayChart
          title="Wait and consultation (minutes)"
          show={(v) => `${Math.round(v * 10) / 10} min`}
          days={days}
          series={[
            series('Wait', (d) => minutes(d.avgWaitSeconds), 0),
            series('Consultation', (d) => minutes(d.avgConsultationSeconds), 1),
          ]}
        />
        <DayChart
          title={`Revenue${currency ? ` (${currency})` : ''}`}
          show={(v) => money(Math.round(v), currency)}
          days={days}
          series={[series('Received less refunds', (d) => d.revenueMinor, 0)]}
        />
        <DayChart
          title="Feedback"
          show={(v) => String(Math.round(v * 100) / 100)}
          days={days}
          series={[
            series('Overall rating (1–5)', (d) => d.feedbackRatings?.overall ?? null, 0),
            series('Feedback received', (d) => d.feedbackReceived, 1),
          ]}
        />
      </div>
    </>
  );
}
