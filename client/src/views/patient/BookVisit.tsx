// Booking for oneself: choose a doctor, a day and a free time, then book (POST /api/appointments
// without patientId). The free times stay live while the patient decides. The booking is sent with
// an Idempotency-Key and retried once if its reply is lost (book-once.ts); offline, it waits.
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/ui';
import type { Appointment, Slot } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import type { HubSocket } from '../../lib/socket';
import { Labelled, Problem, Said } from './bits';
import { postOnce } from './book-once';
import { useOffline } from './connection';
import type { Directory } from './data';
import { when } from './format';
import { SlotPicker } from './SlotPicker';

interface Props {
  directory: Directory;
  socket: HubSocket | null;
  onBooked: () => Promise<void>;
}

export function BookVisit({ directory, socket, onBooked }: Props) {
  const [doctorId, setDoctorId] = useState('');
  const [reason, setReason] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState<string | null>(null);
  const doctors = [...directory.doctors.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const location = slot ? directory.locations.get(slot.locationId) : undefined;
  const doctor = directory.doctors.get(doctorId);
  const offline = useOffline();

  async function book(e: FormEvent) {
    e.preventDefault();
    if (!slot || offline) return;
    setBusy(true);
    setError(null);
    setSaid(null);
    try {
      const visit = await postOnce<Appointment>('/api/appointments', {
        doctorId,
        startAt: slot.startAt,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setSlot(null);
      setReason('');
      await onBooked();
      setSaid(
        `Booked: ${when(visit.startAt, directory.locations.get(visit.locationId))} with ${doctor?.displayName ?? 'your doctor'}. Your booking reference is ${visit.bookingReference}.`,
      );
    } catch (err) {
      setError(err);
      // No answer even on the retry: it may have been booked all the same. Reading the visits
      // again shows it if so (pressing Book again repeats the same attempt, it cannot book twice).
      if (err instanceof ApiError && (err.code === 'NETWORK' || err.status >= 500)) void onBooked();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={book}>
      <Labelled id="book-doctor" label="Doctor">
        <select
          id="book-doctor"
          value={doctorId}
          disabled={offline}
          onChange={(e) => {
            setDoctorId(e.target.value);
            setSlot(null);
            setError(null);
          }}
        >
          <option value="">Choose a doctor…</option>
          {doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.displayName} · {d.specialization}
              {directory.locations.get(d.locationId) ? ` · ${directory.locations.get(d.locationId)?.name}` : ''}
            </option>
          ))}
        </select>
      </Labelled>
      {doctorId ? (
        <>
          <SlotPicker name="book" doctorId={doctorId} socket={socket} directory={directory} value={slot} onChange={setSlot} frozen={busy} />
          <Field label="Reason for the visit (optional)" hint="Only your doctor and the clinic staff see this.">
            <input value={reason} maxLength={500} disabled={offline} onChange={(e) => setReason(e.target.value)} />
          </Field>
        </>
      ) : null}
      <Problem error={error} />
      <button type="submit" className="primary" disabled={!slot || busy || offline}>
        {busy ? 'Booking…' : slot ? `Book ${when(slot.startAt, location)}` : 'Book this time'}
      </button>
      <Said text={said} />
    </form>
  );
}
