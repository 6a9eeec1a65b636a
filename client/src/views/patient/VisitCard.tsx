// One visit: when, with whom, where, its status; for an upcoming one, confirm, move to another
// free time, or cancel (with an optional reason). Inside the clinic's cut-off the patient is
// told to call instead, with the clinic's number; a visit they booked themself moments ago can
// still be cancelled online until its cancelGraceEndsAt (a mis-tap undone; the hub allows it).
// A visit's shared summary shows at its end.
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { clock, Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, Slot } from '../../lib/contract';
import { countryOf, formatPhone, telHref } from '../../lib/phone';
import { session } from '../../lib/session';
import type { HubSocket } from '../../lib/socket';
import { Problem } from './bits';
import { useOffline } from './connection';
import type { Directory } from './data';
import { statusLabel, when } from './format';
import { SlotPicker } from './SlotPicker';

interface Props {
  visit: Appointment;
  directory: Directory;
  socket: HubSocket | null;
  /** Only upcoming visits can be changed. */
  onChanged?: (sentence: string) => Promise<void>;
  moved?: boolean;
  /** The visit summary the doctor shared, if any. */
  summary?: ReactNode;
}

export function VisitCard({ visit, directory, socket, onChanged, moved = false, summary }: Props) {
  const id = useId();
  const [mode, setMode] = useState<'idle' | 'move' | 'cancel'>('idle');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const doctor = directory.doctors.get(visit.doctorId);
  const location = directory.locations.get(visit.locationId);
  const changeable = onChanged && (visit.status === 'scheduled' || visit.status === 'confirmed');
  const cutoffHours = location?.patientChangeCutoffHours ?? 24;
  const insideCutoff = Date.parse(visit.startAt) - Date.now() < cutoffHours * 3_600_000;
  const inCancelGrace = useCancelGrace(visit);
  const label = when(visit.startAt, location);
  const offline = useOffline();

  async function run(action: () => Promise<unknown>, sentence: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setMode('idle');
      await onChanged?.(sentence);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function close() {
    const back = mode === 'move' ? moveButton : cancelButton;
    setMode('idle');
    setError(null);
    setSlot(null);
    requestAnimationFrame(() => back.current?.focus());
  }

  const move = (e: FormEvent) => {
    e.preventDefault();
    if (!slot) return;
    void run(
      () => api('POST', `/api/appointments/${visit.id}/reschedule`, { startAt: slot.startAt }),
      `Your visit has moved to ${when(slot.startAt, directory.locations.get(slot.locationId))}.`,
    );
  };
  const cancel = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => api('POST', `/api/appointments/${visit.id}/cancel`, reason.trim() ? { reason: reason.trim() } : {}),
      `Your visit on ${label} is cancelled.`,
    );
  };

  return (
    <li className={`card visit status-${visit.status}`}>
      <div className="visit-head">
        <h4 id={`${id}-title`}>{label}</h4>
        <span className={`pill pill-${visit.status}`}>{moved ? 'Moved' : statusLabel(visit.status)}</span>
      </div>
      <p>
        {doctor ? `${doctor.displayName} · ${doctor.specialization}` : 'Your doctor'}
        <br />
        <span className="muted">
          {location?.name ?? 'Clinic'}
          {doctor ? `, room ${doctor.room}` : ''} · Ref. {visit.bookingReference}
        </span>
        {visit.ticket ? (
          <>
            <br />
            Ticket <span className="ticket">{visit.ticket}</span>
          </>
        ) : null}
      </p>
      {changeable && mode === 'idle' ? (
        insideCutoff && inCancelGrace ? (
          <div className="stack">
            <p className="muted" id={`${id}-grace`}>
              Booked by mistake? You can still cancel this visit online until {clock(visit.cancelGraceEndsAt, location?.timezone)}.
            </p>
            <div className="row">
              <button
                type="button"
                className="danger"
                aria-describedby={`${id}-title ${id}-grace`}
                ref={cancelButton}
                disabled={offline}
                onClick={() => setMode('cancel')}
              >
                Cancel visit
              </button>
            </div>
          </div>
        ) : insideCutoff ? (
          <p className="muted">
            Visits can be changed online up to {cutoffHours} hours before. To change this one, please call{' '}
            {location ? <a href={telHref(location.phone)}>{formatPhone(location.phone, countryOf(location.phone))}</a> : 'the clinic'}.
          </p>
        ) : (
          <div className="row">
            {visit.status === 'scheduled' ? (
              <button
                type="button"
                aria-describedby={`${id}-title`}
                disabled={busy || offline}
                onClick={() =>
                  void run(() => api('POST', `/api/appointments/${visit.id}/confirm`), `Thank you: your visit on ${label} is confirmed.`)
                }
              >
                Confirm
              </button>
            ) : null}
            <button type="button" aria-describedby={`${id}-title`} ref={moveButton} disabled={offline} onClick={() => setMode('move')}>
              Change time
            </button>
            <button
              type="button"
              className="danger"
              aria-describedby={`${id}-title`}
              ref={cancelButton}
              disabled={offline}
              onClick={() => setMode('cancel')}
            >
              Cancel visit
            </button>
          </div>
        )
      ) : null}
      {mode === 'move' ? (
        <form className="stack panel" onSubmit={move} aria-label={`Move the visit on ${label}`}>
          <SlotPicker
            name={`${id}-move`}
            doctorId={visit.doctorId}
            socket={socket}
            directory={directory}
            value={slot}
            onChange={setSlot}
            frozen={busy}
          />
          <Problem error={error} />
          <div className="row">
            <button type="submit" className="primary" disabled={!slot || busy || offline}>
              {busy ? 'Moving…' : slot ? `Move to ${when(slot.startAt, directory.locations.get(slot.locationId))}` : 'Move to this time'}
            </button>
            <button type="button" onClick={close}>
              Keep the current time
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'cancel' ? (
        <form className="stack panel" onSubmit={cancel} aria-label={`Cancel the visit on ${label}`}>
          <Field label="Reason (optional)">
            {/* biome-ignore lint/a11y/noAutofocus: the panel was just opened by this person, the field is where they continue */}
            <input value={reason} maxLength={200} autoFocus onChange={(e) => setReason(e.target.value)} />
          </Field>
          <Problem error={error} />
          <div className="row">
            <button type="submit" className="danger" disabled={busy || offline}>
              {busy ? 'Cancelling…' : 'Yes, cancel it'}
            </button>
            <button type="button" onClick={close}>
              Keep the visit
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'idle' ? <Problem error={error} /> : null}
      {summary}
    </li>
  );
}

/**
 * Whether the signed-in patient booked this visit and may still cancel it whatever the cut-off
 * (until cancelGraceEndsAt); turns false by itself when that moment passes.
 */
function useCancelGrace(visit: Appointment): boolean {
  const endsAt = Date.parse(visit.cancelGraceEndsAt);
  const mine = visit.createdBy !== null && visit.createdBy === session.user?.id;
  const [open, setOpen] = useState(() => mine && Date.now() < endsAt);
  useEffect(() => {
    const left = endsAt - Date.now();
    setOpen(mine && left > 0);
    if (!mine || left <= 0) return;
    const timer = setTimeout(() => setOpen(false), left);
    return () => clearTimeout(timer);
  }, [mine, endsAt]);
  return open;
}
