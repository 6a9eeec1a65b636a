// The day of one doctor at one location: every visit in time order with what can be done next.
import { useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import type { AppointmentStatus, Doctor, Location } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { longDay } from './dates';
import { Problem } from './errors';
import type { TicketInfo } from './types';
import { useDay } from './use-day';
import { usePatients } from './use-patients';
import { VisitRow } from './VisitRow';

const FILTERS: { value: AppointmentStatus | ''; label: string }[] = [
  { value: '', label: 'All visits' },
  { value: 'scheduled', label: 'Booked' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'checked_in', label: 'Waiting' },
  { value: 'completed', label: 'Done' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'no_show', label: 'No-show' },
];

interface Props {
  socket: HubSocket | null;
  doctor: Doctor;
  location: Location;
  date: string;
  today: string;
  onTicket: (ticket: TicketInfo) => void;
  onNotice: (message: string) => void;
  /** Opens the checkout of a completed visit ("Karl Vogt, 10:30"). */
  onCheckout: (visitId: string, who: string, button: HTMLButtonElement) => void;
}

export function DayView({ socket, doctor, location, date, today, onTicket, onNotice, onCheckout }: Props) {
  const [status, setStatus] = useState<AppointmentStatus | ''>('');
  const { data: visits, error, reload } = useDay(socket, doctor.id, location.id, date, status);
  const patients = usePatients(visits?.map((v) => v.patientId) ?? []);
  const waiting = visits?.filter((v) => v.status === 'checked_in').length ?? 0;
  const booked = visits?.filter((v) => v.status !== 'cancelled').length ?? 0;

  return (
    <section className="card stack" aria-labelledby="day-title">
      <div className="row">
        <h2 id="day-title">
          {doctor.displayName} · {longDay(date)}
        </h2>
        <span className="spacer" />
        <label className="row reception-filter">
          <span>Show</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as AppointmentStatus | '')}>
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {visits ? (
        <p className="muted">
          {booked} {booked === 1 ? 'visit' : 'visits'}, {waiting} waiting · room {doctor.room}
          {date === today ? '' : ' · check-in opens on the day'}
        </p>
      ) : null}
      {error ? <Problem error={error} /> : null}
      {!visits && !error ? <Loading what="Loading the day" /> : null}
      {visits && !visits.length ? <Empty>{status ? 'No visits with this status on this day.' : 'No visits on this day yet.'}</Empty> : null}
      {visits?.length ? (
        <ol className="reception-day" aria-label={`Visits on ${longDay(date)}`}>
          {visits.map((v) => (
            <VisitRow
              key={v.id}
              visit={v}
              patient={patients[v.patientId] ?? null}
              socket={socket}
              doctor={doctor}
              location={location}
              canCheckIn={date === today}
              onTicket={onTicket}
              onNotice={onNotice}
              onCheckout={onCheckout}
              onChanged={reload}
            />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
