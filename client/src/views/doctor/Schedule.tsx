// Today's visits of the doctor (in the location's time zone), kept current: fetched again when
// the queue changes (check-ins, calls, ends) and when `availability:changed` says bookings moved.
import { useEffect, useState } from 'react';
import { clock, Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, AppointmentList } from '../../lib/contract';
import { calendarDay } from '../../lib/datetime';
import { ask, type HubSocket, listen, onEveryConnect } from '../../lib/socket';
import { statusLabel } from './labels';
import { Problem } from './Problem';
import { usePatientNames } from './patients';

interface Props {
  doctorId: string;
  socket: HubSocket | null;
  date: string;
  timeZone: string;
  /** Changes whenever the queue does. */
  queueSeq: number;
  focusId: string | null;
  onOpen: (a: Appointment, name: string) => void;
}

export function Schedule({ doctorId, socket, date, timeZone, queueSeq, focusId, onOpen }: Props) {
  const [visits, setVisits] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bookings, setBookings] = useState(0);
  const names = usePatientNames(visits?.map((v) => v.patientId) ?? []);

  useEffect(() => {
    if (!socket) return;
    const stopChanged = listen(socket, 'availability:changed', (c) => c.doctorId === doctorId && setBookings((n) => n + 1));
    const stopSubscribing = onEveryConnect(socket, () => {
      ask(socket, 'availability:subscribe', { doctorId }).catch(() => undefined);
    });
    return () => {
      stopChanged();
      stopSubscribing();
    };
  }, [socket, doctorId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: queueSeq and bookings are the triggers to fetch again
  useEffect(() => {
    let live = true;
    api<AppointmentList>('GET', `/api/appointments?doctorId=${doctorId}&date=${date}&limit=100`)
      .then((r) => {
        if (!live) return;
        setVisits(r.appointments);
        setError(null);
      })
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [doctorId, date, queueSeq, bookings]);

  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Today’s schedule</h2>
      <Problem error={error} />
      {!visits && !error ? <Loading what="Loading today’s visits" /> : null}
      {visits && visits.length === 0 ? <Empty>No visits today.</Empty> : null}
      {visits && visits.length > 0 ? (
        <table className="schedule">
          <caption className="sr-only">Visits on {calendarDay(date)}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Patient</th>
              <th scope="col">Reason</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v) => {
              const name = names[v.patientId] ?? 'Patient';
              return (
                <tr key={v.id} className={v.id === focusId ? 'current' : undefined}>
                  <td>
                    {clock(v.startAt, timeZone)}
                    {v.ticket ? <span className="ticket">{v.ticket}</span> : null}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onOpen(v, name)}
                      aria-label={`Open the record of ${name} (${clock(v.startAt, timeZone)})`}
                    >
                      {name}
                    </button>
                  </td>
                  <td>{v.reason ?? <span className="muted">—</span>}</td>
                  <td>
                    <span className={`pill status-${v.status}`}>{statusLabel(v.status)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
