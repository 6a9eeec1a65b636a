// A patient without an appointment: queued at once for the chosen doctor, urgent ones first.
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/ui';
import type { Appointment, Doctor, Patient } from '../../lib/contract';
import { Problem } from './errors';
import { createOnce } from './http';
import { fullName, type TicketInfo } from './types';

interface Props {
  doctor: Doctor;
  patient: Patient | null;
  onTicket: (ticket: TicketInfo) => void;
}

export function WalkInForm({ doctor, patient, onTicket }: Props) {
  const [priority, setPriority] = useState<'regular' | 'urgent'>('regular');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!patient) return setProblem('Choose a patient first, then add the walk-in.');
    setBusy(true);
    setProblem(null);
    try {
      const body = { doctorId: doctor.id, patientId: patient.id, priority, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      const visit = await createOnce<Appointment>('/api/walk-ins', body);
      setReason('');
      setPriority('regular');
      onTicket({
        ticket: visit.ticket ?? '—',
        patientName: fullName(patient),
        doctorName: doctor.displayName,
        room: doctor.room,
        at: visit.checkedInAt ?? visit.startAt,
        urgent: visit.priority === 'urgent',
      });
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" aria-labelledby="walkin-title" onSubmit={submit}>
      <h2 id="walkin-title">Walk-in</h2>
      <p className="muted">{patient ? `${fullName(patient)} joins ${doctor.displayName}'s queue now.` : 'Choose a patient first.'}</p>
      <fieldset className="reception-priority">
        <legend>Priority</legend>
        <label>
          <input type="radio" name="priority" value="regular" checked={priority === 'regular'} onChange={() => setPriority('regular')} />{' '}
          Regular
        </label>
        <label>
          <input type="radio" name="priority" value="urgent" checked={priority === 'urgent'} onChange={() => setPriority('urgent')} />{' '}
          Urgent (seen first)
        </label>
      </fieldset>
      <Field label="Reason (optional)">
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Problem error={problem} />
      <button type="submit" className="primary" disabled={busy || !patient}>
        {busy ? 'Adding…' : 'Add walk-in'}
      </button>
    </form>
  );
}
