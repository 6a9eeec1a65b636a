// Booking from real availability: the doctor's free times on the chosen day, live for
// everyone watching (a time booked at any desk or by a patient disappears at once).
import { useState } from 'react';
import { clock, Field } from '../../components/ui';
import type { Appointment, Doctor, Location, Patient, Slot } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { longDay } from './dates';
import { Problem } from './errors';
import { createOnce } from './http';
import { SlotList } from './SlotList';
import { fullName } from './types';
import { useAvailability } from './use-availability';

interface Props {
  socket: HubSocket | null;
  doctor: Doctor;
  location: Location;
  date: string;
  patient: Patient | null;
  onBooked: (message: string) => void;
}

export function BookingPanel({ socket, doctor, location, date, patient, onBooked }: Props) {
  const { slots, error, live, reload } = useAvailability(socket, doctor.id, date, location.id);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  async function book(slot: Slot) {
    if (!patient) return;
    setBusy(slot.startAt);
    setProblem(null);
    try {
      const body = {
        doctorId: doctor.id,
        patientId: patient.id,
        startAt: slot.startAt,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      };
      const booked = await createOnce<Appointment>('/api/appointments', body);
      setReason('');
      onBooked(
        `Booked ${fullName(patient)} with ${doctor.displayName} on ${longDay(date)} at ${clock(booked.startAt, location.timezone)} (reference ${booked.bookingReference}).`,
      );
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(null);
      void reload();
    }
  }

  return (
    <section className="card stack" aria-labelledby="booking-title">
      <div className="row">
        <h2 id="booking-title">Book a visit</h2>
        <span className={live ? 'reception-live' : 'reception-live off'}>{live ? 'Live' : 'Not live'}</span>
      </div>
      <p className="muted">
        {doctor.displayName}, {longDay(date)}, {doctor.consultationMinutes} minutes.{' '}
        {patient ? (
          <>
            For <strong>{fullName(patient)}</strong>.
          </>
        ) : (
          'Choose a patient first to book a time.'
        )}
      </p>
      <Field label="Reason for the visit (optional)">
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Problem error={problem} />
      <SlotList
        label={`Free times on ${longDay(date)}`}
        slots={slots}
        error={error}
        timeZone={location.timezone}
        verb="Book"
        disabled={!patient}
        busy={busy}
        onPick={book}
      />
    </section>
  );
}
