// The ticket just handed out, large on screen and printable (print CSS shows only the slip). The
// slip names the clinic and the day: a patient holding it in another waiting room, or tomorrow,
// can tell it is not theirs there.
import { useEffect, useRef } from 'react';
import { clock, day } from '../../components/ui';
import type { TicketInfo } from './types';

interface Props {
  ticket: TicketInfo;
  /** The location's name, printed at the top of the slip. */
  clinicName: string;
  timeZone: string;
  onDone: () => void;
}

export function TicketCard({ ticket, clinicName, timeZone, onDone }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card reception-ticket" aria-labelledby="ticket-title">
      <div className="stack reception-no-print">
        <h2 id="ticket-title" ref={heading} tabIndex={-1}>
          {ticket.patientName} is checked in
        </h2>
        <p className="muted">
          {ticket.urgent ? 'Urgent: seen before the regular queue. ' : ''}Give the patient this number; the waiting-room screen calls it.
        </p>
        <div className="row">
          <button type="button" className="primary" onClick={() => window.print()}>
            Print ticket
          </button>
          <button type="button" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
      <div className="reception-slip" data-testid="ticket-slip">
        <p className="reception-slip-clinic">{clinicName}</p>
        <p className="reception-slip-label">Your number</p>
        <p className="reception-ticket-number" data-testid="ticket-number">
          {ticket.ticket}
        </p>
        <p>
          {ticket.doctorName} · room {ticket.room}
        </p>
        <p className="reception-slip-hint">
          {day(ticket.at, timeZone)} {clock(ticket.at, timeZone)} · please wait until your number is called.
        </p>
      </div>
    </section>
  );
}
