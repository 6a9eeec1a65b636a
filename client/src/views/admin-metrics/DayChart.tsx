// One figure of the daily metrics: a uPlot line per series over the chosen days. A canvas says
// nothing to a screen reader, so the figure is named by its caption with a one-line summary and
// the same figures are a table under "… as a table" (a <details>, opened from the keyboard).
import { useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { calendarDay } from '../../lib/datetime';
import { useUplot } from '../../lib/uplot';
import { Fold } from '../record/Fold';

export interface DaySeries {
  label: string;
  colour: string;
  /** One value per day (null: nothing that day). */
  values: (number | null)[];
}

interface Props {
  title: string;
  /** How a value reads in the table and summary ("12 min", "$40.00"). */
  show: (value: number) => string;
  days: readonly string[];
  series: readonly DaySeries[];
}

export function DayChart({ title, show, days, series }: Props) {
  const totals = series.map((s) => `${s.label}: ${summaryOf(s.values, show)}`).join('; ');
  return (
    <figure className="metrics-chart" aria-label={title} data-days={days.length}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">{totals}.</span>
        <span className="keys" aria-hidden="true">
          {series.map((s) => (
            <span key={s.label} className="key" style={{ color: s.colour }}>
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <Canvas days={days} series={series} />
      <Fold summary={`${title} as a table`}>
        <div className="scroll-x">
          <table>
            <caption className="sr-only">{title} per day, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d, i) => (
                <tr key={d}>
                  <td>{calendarDay(d)}</td>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? '–' : show(s.values[i] as number)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Fold>
    </figure>
  );
}

/** "12 on average over 30 days" style: the mean of the days that have a value. */
function summaryOf(values: readonly (number | null)[], show: (value: number) => string): string {
  const known = values.filter((v): v is number => typeof v === 'number');
  if (!known.length) return 'none';
  return `${show(known.reduce((a, b) => a + b, 0) / known.length)} a day on average`;
}

function Canvas({ days, series }: { days: readonly string[]; series: readonly DaySeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  // Days at noon UTC: a calendar day, whatever the reader's zone.
  const data: uPlot.AlignedData = [days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000), ...series.map((s) => s.values)];
  const drawn = JSON.stringify(data);
  const latest = useRef({ data, series });
  latest.current = { data, series };
  useUplot(
    box,
    (el, size) => {
      const { data: d, series: s } = latest.current;
      return new uPlot(
        {
          ...size(),
          legend: { show: false },
          cursor: { show: false },
          tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), 'UTC'),
          scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
          axes: [
            { stroke: '#3d4350', grid: { stroke: '#e3e7ee' } },
            { stroke: '#3d4350', grid: { stroke: '#e3e7ee' }, size: 52 },
          ],
          series: [
            {},
            ...s.map((x) => ({
              label: x.label,
              stroke: x.colour,
              width: 2,
              spanGaps: false,
              points: { show: true, size: 5, fill: x.colour },
            })),
          ],
        },
        d,
        el,
      );
    },
    drawn,
    { width: 160, height: 170 },
  );
  return <div className="plot" ref={box} aria-hidden="true" />;
}
