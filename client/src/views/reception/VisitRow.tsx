// One visit of the day: time, patient, status and ticket, and its actions (check in,
// reschedule, cancel with a reason; checkout once it is completed). Panels open below the row and give focus back on close.
import { useRef, useState } from 'react';
import { clock } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, AppointmentStatus, Doctor, Location, Patient } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { CancelPanel } from './CancelPanel';
import { Problem } from './errors';
import { ReschedulePanel } from './ReschedulePanel';
import { fullName, type TicketInfo } from './types';

const STATUS: Record<AppointmentStatus, string> = {
  scheduled: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Waiting',
  called: 'Called',
  in_progress: 'In the room',
  completed: 'Done',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

interface Props {
  visit: Appointment;
  patient: Patient | null;
  socket: HubSocket | null;
  doctor: Doctor;
  location: Location;
  canCheckIn: boolean;
  onTicket: (ticket: TicketInfo) => void;
  onNotice: (message: string) => void;
  onCheckout: (visitId: string, who: string, button: HTMLButtonElement) => void;
  onChanged: () => void;
}

export function VisitRow({ visit, patient, socket, doctor, location, canCheckIn, onTicket, onNotice, onCheckout, onChanged }: Props) {
  const [open, setOpen] = useState<'move' | 'cancel' | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const name = patient ? fullName(patient) : 'Patient';
  const time = clock(visit.startAt, location.timezone);
  const waitingToCome = visit.status === 'scheduled' || visit.status === 'confirmed';
  const cancellable = waitingToCome || visit.status === 'checked_in' || visit.status === 'called';

  function close(which: 'move' | 'cancel') {
    setOpen(null);
    (which === 'move' ? moveButton : cancelButton).current?.focus();
  }

  async function checkIn() {
    setBusy(true);
    setProblem(null);
    try {
      const done = await api<Appointment>('POST', `/api/appointments/${visit.id}/check-in`);
      onTicket({
        ticket: done.ticket ?? '—',
        patientName: name,
        doctorName: doctor.displayName,
        room: doctor.room,
        at: done.checkedInAt ?? new Date().toISOString(),
        urgent: done.priority === 'urgent',
      });
      onChanged();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`reception-visit status-${visit.status}`}>
      <div className="reception-visit-line">
        <span className="reception-time">{time}</span>
        <span className="reception-who">
          <strong>{name}</strong>
          {visit.walkIn ? <span className="reception-tag">Walk-in</span> : null}
          {visit.priority === 'urgent' ? <span className="reception-tag urgent">Urgent</span> : null}
        </span>
        <span className="reception-state">
          <span className={`reception-tag s-${visit.status}`}>{STATUS[visit.status] ?? visit.status}</span>
          {visit.ticket ? <span className="ticket">{visit.ticket}</span> : null}
        </span>
        <span className="muted reception-reason">
          {visit.status === 'cancelled' && visit.cancelReason ? `Cancelled: ${visit.cancelReason}` : (visit.reason ?? '')}
        </span>
        <span className="row reception-actions">
          {visit.status === 'completed' ? (
            <button
              type="button"
              className="primary"
              aria-label={`Checkout ${name} at ${time}`}
              onClick={(e) => onCheckout(visit.id, `${name}, ${time}`, e.currentTarget)}
            >
              Checkout
            </button>
          ) : null}
          {waitingToCome && canCheckIn ? (
            <button type="button" className="primary" disabled={busy} aria-label={`Check in ${name} at ${time}`} onClick={checkIn}>
              Check in
            </button>
          ) : null}
          {waitingToCome ? (
            <button
              type="button"
              ref={moveButton}
              aria-expanded={open === 'move'}
              aria-label={`Reschedule ${name} at ${time}`}
              onClick={() => setOpen(open === 'move' ? null : 'move')}
            >
              Reschedule
            </button>
          ) : null}
          {cancellable ? (
            <button
              type="button"
              ref={cancelButton}
              className="danger"
              aria-expanded={open === 'cancel'}
              aria-label={`Cancel ${name} at ${time}`}
              onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}
            >
              Cancel
            </button>
          ) : null}
        </span>
      </div>
      <Problem error={problem} />
      {open === 'move' ? (
        <ReschedulePanel
          socket={socket}
          visit={visit}
          name={name}
          doctor={doctor}
          location={location}
          onClose={() => close('move')}
          onDone={(message) => {
            setOpen(null);
            onNotice(message);
            onChanged();
          }}
        />
      ) : null}
      {open === 'cancel' ? (
        <CancelPanel
          visit={visit}
          name={name}
          time={time}
          onClose={() => close('cancel')}
          onDone={(message) => {
            setOpen(null);
            onNotice(message);
            onChanged();
          }}
        />
      ) : null}
    </li>
  );
}
