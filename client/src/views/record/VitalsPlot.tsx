// The vitals over time: one small uPlot per group of measures (blood pressure, heart rate, …) in
// the clinic's zone and units. A canvas says nothing to a screen reader, so each plot is a figure
// named by its caption with a one-line summary, and the same readings are a table under
// "… as a table" (a <details>, opened from the keyboard). The plot follows its card's width.
import './record.css';
import { useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Empty } from '../../components/ui';
import type { VitalsPoint } from '../../lib/contract';
import { dayAndTime } from '../../lib/datetime';
import { useUplot } from '../../lib/uplot';
import type { Units } from '../doctor/soap';
import { Fold } from './Fold';
import { type Group, groupsWithData, reading, SOURCES } from './vitals';

interface Props {
  series: readonly VitalsPoint[];
  units: Units;
  timeZone?: string;
}

export function VitalsPlots({ series, units, timeZone }: Props) {
  const shown = groupsWithData(series, units);
  if (!shown.length) return <Empty>No vital signs recorded yet.</Empty>;
  return (
    <div className="vitals-plots">
      {shown.map((g) => (
        <VitalsPlot key={g.id} group={g} series={series} timeZone={timeZone} />
      ))}
    </div>
  );
}

function VitalsPlot({ group, series, timeZone }: { group: Group; series: readonly VitalsPoint[]; timeZone?: string }) {
  const points = series.filter((v) => reading(group, v) !== null);
  const latest = points[points.length - 1];
  const summary = latest
    ? `${points.length} reading${points.length === 1 ? '' : 's'}; latest ${reading(group, latest)} on ${dayAndTime(latest.at, timeZone)}.`
    : '';
  return (
    // Named apart from the note's vitals fields ("Temperature (°C)"), which a label search must find alone.
    <figure
      className="vitals-plot"
      aria-label={`${group.title} over time${group.unit ? `, ${group.unit}` : ''}`}
      data-points={points.length}
    >
      <figcaption>
        <strong>
          {group.title}
          {group.unit ? ` (${group.unit})` : ''}
        </strong>{' '}
        <span className="muted">{summary}</span>
        {group.measures.length > 1 ? (
          <span className="keys" aria-hidden="true">
            {group.measures.map((m, i) => (
              <span key={m.key} className={`key dash-${i}`} style={{ color: m.colour }}>
                {m.label}
              </span>
            ))}
          </span>
        ) : null}
      </figcaption>
      <Canvas group={group} points={points} timeZone={timeZone} />
      <Fold summary={`${group.title} as a table`}>
        <div className="scroll-x">
          <table>
            <caption className="sr-only">{group.title} readings, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Taken</th>
                {group.measures.map((m) => (
                  <th scope="col" key={m.key}>
                    {m.label}
                    {group.unit ? ` (${group.unit})` : ''}
                  </th>
                ))}
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {points.map((v) => (
                <tr key={v.id}>
                  <td>{dayAndTime(v.at, timeZone)}</td>
                  {group.measures.map((m) => (
                    <td key={m.key}>{typeof v[m.key] === 'number' ? m.show(v[m.key] as number) : '–'}</td>
                  ))}
                  <td>{SOURCES[v.source]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Fold>
    </figure>
  );
}

const DASHES = [[], [6, 4]];

/**
 * The axis range around the values: a share of their span on each side, at least `least` (one
 * reading, or several at one time, would otherwise stretch the axis over years, or down to zero).
 */
function padded(values: (number | null | undefined)[], least: number, share: number, whole = false): [number, number] {
  const known = values.filter((v): v is number => typeof v === 'number');
  const min = Math.min(...known);
  const max = Math.max(...known);
  const pad = Math.max(least, (max - min) * share);
  return whole ? [Math.floor(min - pad), Math.ceil(max + pad)] : [min - pad, max + pad];
}

function Canvas({ group, points, timeZone }: { group: Group; points: VitalsPoint[]; timeZone?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const data: uPlot.AlignedData = [
    points.map((v) => Date.parse(v.at) / 1000),
    ...group.measures.map((m) => points.map((v) => (typeof v[m.key] === 'number' ? m.show(v[m.key] as number) : null))),
  ];
  // Drawn again only when what it shows changed, not on every render of the chart.
  const drawn = JSON.stringify([group.id, timeZone, data]);
  const latest = useRef({ group, data, timeZone });
  latest.current = { group, data, timeZone };
  useUplot(
    box,
    (el, size) => {
      const { group: g, data: d, timeZone: zone } = latest.current;
      return new uPlot(
        {
          ...size(),
          legend: { show: false },
          cursor: { show: false },
          ...(zone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), zone) } : {}),
          scales: {
            x: { time: true, range: padded(d[0] as number[], 43_200, 0.05) },
            y: { range: padded((d.slice(1) as (number | null)[][]).flat(), 1, 0.15, true) },
          },
          axes: [
            { stroke: '#3d4350', grid: { stroke: '#e3e7ee' } },
            { stroke: '#3d4350', grid: { stroke: '#e3e7ee' }, size: 44 },
          ],
          series: [
            {},
            ...g.measures.map((m, i) => ({
              label: m.label,
              stroke: m.colour,
              width: 2,
              dash: DASHES[i] ?? [],
              spanGaps: true,
              points: { show: true, size: 6, fill: m.colour },
            })),
          ],
        },
        d,
        el,
      );
    },
    drawn,
    { width: 120, height: 150 },
  );
  return <div className="plot" ref={box} aria-hidden="true" />;
}
