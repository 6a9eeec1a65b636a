// A patient without an appointment: queued at once for the chosen doctor, urgent ones first.
// A patient who already has a visit with this doctor today is most likely that visit arriving: the
// hub refuses the walk-in (DUPLICATE_VISIT) and the form shows the visit's time with two choices,
// check that visit in instead, or add the walk-in anyway (allowDuplicate).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { clock, Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, AppointmentList, Doctor, LocationList, Patient } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { todayIn } from './dates';
import { Problem } from './errors';
import { createOnce } from './http';
import { fullName, type TicketInfo } from './types';

interface Props {
  doctor: Doctor;
  patient: Patient | null;
  onTicket: (ticket: TicketInfo) => void;
}

/** The visit the hub named: found again by the patient, the doctor and the clinic's today. */
interface Duplicate {
  visit: Appointment | null;
  timeZone: string | undefined;
}

const UPCOMING = ['scheduled', 'confirmed'];
const ACTIVE = [...UPCOMING, 'checked_in', 'called', 'in_progress'];

async function findDuplicate(doctor: Doctor, patient: Patient): Promise<Duplicate> {
  const { locations } = await api<LocationList>('GET', '/api/locations');
  const timeZone = locations.find((l) => l.id === doctor.locationId)?.timezone;
  const day = timeZone ? `&date=${todayIn(timeZone)}` : '';
  const { appointments } = await api<AppointmentList>(
    'GET',
    `/api/appointments?patientId=${patient.id}&doctorId=${doctor.id}${day}&limit=100`,
  );
  // The hub names the day's earliest active visit; the same one here.
  const visit =
    appointments.filter((a) => ACTIVE.includes(a.status)).sort((a, b) => Date.parse(a.startAt) - Date.parse(b.startAt))[0] ?? null;
  return { visit, timeZone };
}

export function WalkInForm({ doctor, patient, onTicket }: Props) {
  const [priority, setPriority] = useState<'regular' | 'urgent'>('regular');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const firstChoice = useRef<HTMLButtonElement>(null);

  // Another patient or doctor: the warning was about the one before.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the patient or doctor changes
  useEffect(() => setDuplicate(null), [patient?.id, doctor.id]);
  useEffect(() => {
    if (duplicate) firstChoice.current?.focus();
  }, [duplicate]);

  function ticketOf(visit: Appointment, who: Patient) {
    setReason('');
    setPriority('regular');
    setDuplicate(null);
    onTicket({
      ticket: visit.ticket ?? '—',
      patientName: fullName(who),
      doctorName: doctor.displayName,
      room: doctor.room,
      at: visit.checkedInAt ?? visit.startAt,
      urgent: visit.priority === 'urgent',
    });
  }

  async function add(allowDuplicate: boolean) {
    if (!patient) return setProblem('Choose a patient first, then add the walk-in.');
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        doctorId: doctor.id,
        patientId: patient.id,
        priority,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(allowDuplicate ? { allowDuplicate: true } : {}),
      };
      ticketOf(await createOnce<Appointment>('/api/walk-ins', body), patient);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DUPLICATE_VISIT') {
        setDuplicate(await findDuplicate(doctor, patient).catch(() => ({ visit: null, timeZone: undefined })));
      } else setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  async function checkInInstead(visit: Appointment) {
    if (!patient) return;
    setBusy(true);
    setProblem(null);
    try {
      ticketOf(await api<Appointment>('POST', `/api/appointments/${visit.id}/check-in`), patient);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void add(false);
  }

  const existing = duplicate?.visit ?? null;
  const time = existing ? clock(existing.startAt, duplicate?.timeZone) : null;
  const bookedAhead = existing !== null && UPCOMING.includes(existing.status);

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
      {duplicate && patient ? (
        <div className="stack walkin-duplicate" role="alert" aria-labelledby="walkin-duplicate-title">
          <p id="walkin-duplicate-title" className="error">
            {existing === null
              ? `${fullName(patient)} already has a visit with ${doctor.displayName} today.`
              : bookedAhead
                ? `${fullName(patient)} already has a visit with ${doctor.displayName} today at ${time}.`
                : `${fullName(patient)} is already in ${doctor.displayName}'s queue today${existing.ticket ? ` (ticket ${existing.ticket})` : ''}.`}
          </p>
          <div className="row">
            {existing && bookedAhead ? (
              <button type="button" className="primary" ref={firstChoice} disabled={busy} onClick={() => void checkInInstead(existing)}>
                Check in the {time} visit instead
              </button>
            ) : null}
            <button type="button" ref={existing && bookedAhead ? undefined : firstChoice} disabled={busy} onClick={() => void add(true)}>
              Add the walk-in anyway
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="primary" disabled={busy || !patient}>
          {busy ? 'Adding…' : 'Add walk-in'}
        </button>
      )}
    </form>
  );
}
