// The patient's visits: upcoming ones with confirm, change time and cancel; past ones folded away,
// with the summaries the doctors shared (the folded list says how many it holds), and "Rate this
// visit" on a completed one without feedback.
import { type ReactNode, useRef, useState } from 'react';
import { Empty } from '../../components/ui';
import type { Appointment, Note } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { Said } from './bits';
import type { Directory } from './data';
import { ACTIVE, IN_CLINIC } from './format';
import { VisitCard } from './VisitCard';
import { VisitSummary } from './VisitSummary';

interface Props {
  appointments: Appointment[];
  directory: Directory;
  socket: HubSocket | null;
  reload: () => Promise<void>;
  /** Shared final notes by visit id. */
  notes: ReadonlyMap<string, Note>;
  /** "Rate this visit" for a past visit, when it can be rated. */
  rateOf?: (visit: Appointment) => ReactNode;
}

export function isUpcoming(a: Appointment, now = Date.now()): boolean {
  return IN_CLINIC.includes(a.status) || (ACTIVE.includes(a.status) && Date.parse(a.endAt) > now);
}

export function Appointments({ appointments, directory, socket, reload, notes, rateOf }: Props) {
  const [said, setSaid] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const upcoming = appointments.filter((a) => isUpcoming(a));
  const past = appointments.filter((a) => !isUpcoming(a)).reverse();
  const movedIds = new Set(appointments.map((a) => a.rescheduledFromId).filter(Boolean));
  const summaryOf = (a: Appointment) => {
    const note = notes.get(a.id);
    return note ? <VisitSummary note={note} visit={a} directory={directory} /> : undefined;
  };
  const pastSummaries = past.filter((a) => notes.has(a.id)).length;

  async function changed(sentence: string) {
    await reload();
    setSaid(sentence);
    heading.current?.focus();
  }

  return (
    <>
      <h2 id="visits" ref={heading} tabIndex={-1}>
        Your visits
      </h2>
      <Said text={said} />
      <h3 className="subhead">Upcoming</h3>
      {upcoming.length === 0 ? (
        <Empty>No upcoming visits. You can book one below.</Empty>
      ) : (
        <ul className="visits" aria-label="Upcoming visits">
          {upcoming.map((a) => (
            <VisitCard key={a.id} visit={a} directory={directory} socket={socket} onChanged={changed} summary={summaryOf(a)} />
          ))}
        </ul>
      )}
      <details className="past">
        <summary>
          Past and cancelled visits ({past.length}){pastSummaries > 0 ? ` · ${pastSummaries} with a visit summary` : ''}
        </summary>
        {past.length === 0 ? (
          <Empty>None yet.</Empty>
        ) : (
          <ul className="visits" aria-label="Past and cancelled visits">
            {past.map((a) => (
              <VisitCard
                key={a.id}
                visit={a}
                directory={directory}
                socket={socket}
                moved={movedIds.has(a.id)}
                summary={
                  <>
                    {rateOf?.(a)}
                    {summaryOf(a)}
                  </>
                }
              />
            ))}
          </ul>
        )}
      </details>
    </>
  );
}
