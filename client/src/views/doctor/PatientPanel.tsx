// The patient of the visit in focus: who they are, allergies first, their earlier visits with
// this doctor and the notes of those visits, then the note of this visit.
import { type MutableRefObject, useEffect, useState } from 'react';
import { day, Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, AppointmentList, Note, Patient } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';
import { countryOf, formatPhone } from '../../lib/phone';
import { statusLabel } from './labels';
import { NoteEditor, type NoteGuard } from './NoteEditor';
import { SoapText } from './NoteVersions';
import { notesByVisit } from './notes-index';
import { Problem } from './Problem';
import { ageOn, fetchPatient, fullName } from './patients';
import type { Units } from './soap';
import type { Focus } from './types';

interface Props {
  focus: Focus | null;
  timeZone: string;
  units: Units;
  guard: MutableRefObject<NoteGuard | null>;
  /** The clinic's phone: numbers of its country read nationally. */
  clinicPhone?: string;
  onMessage: (patientId: string) => Promise<void>;
}

export function PatientPanel({ focus, timeZone, units, guard, clinicPhone, onMessage }: Props) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [messageError, setMessageError] = useState<unknown>(null);
  const patientId = focus?.patientId;

  useEffect(() => {
    setPatient(null);
    setError(null);
    setMessageError(null);
    if (!patientId) return;
    let live = true;
    fetchPatient(patientId)
      .then((p) => live && setPatient(p))
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [patientId]);

  return (
    <section className="card patient" aria-labelledby="patient-title">
      <h2 id="patient-title" tabIndex={-1}>
        {focus ? `Patient: ${focus.label}` : 'Patient'}
      </h2>
      {!focus ? <Empty>Call the next patient, or open a record from the queue or the schedule.</Empty> : null}
      <Problem error={error} />
      {focus && !patient && !error ? <Loading what="Loading the patient’s record" /> : null}
      {focus && patient ? (
        <>
          <Summary patient={patient} clinicPhone={clinicPhone} />
          <button type="button" onClick={() => onMessage(patient.id).catch(setMessageError)}>
            Write to {fullName(patient)}
          </button>
          <Problem error={messageError} />
          <PreviousVisits patientId={patient.id} currentId={focus.appointmentId} timeZone={timeZone} units={units} />
          <NoteEditor focus={focus} timeZone={timeZone} units={units} guard={guard} />
        </>
      ) : null}
    </section>
  );
}

function Summary({ patient, clinicPhone }: { patient: Patient; clinicPhone?: string }) {
  return (
    <>
      <p className={patient.allergies.length ? 'allergies' : 'muted'}>
        {patient.allergies.length ? (
          <>
            <strong>Allergies:</strong> {patient.allergies.join(', ')}
          </>
        ) : (
          'No known allergies recorded.'
        )}
      </p>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{fullName(patient)}</dd>
        <dt>Born</dt>
        <dd>
          {fullDate(patient.dateOfBirth)} ({ageOn(patient.dateOfBirth)} years)
        </dd>
        <dt>Sex</dt>
        <dd>{patient.gender.replace(/_/g, ' ')}</dd>
        <dt>Blood type</dt>
        <dd>{patient.bloodType ?? 'Not recorded'}</dd>
        <dt>Language</dt>
        <dd>{patient.preferredLanguage}</dd>
        <dt>Phone</dt>
        <dd>{formatPhone(patient.phone, countryOf(clinicPhone))}</dd>
      </dl>
    </>
  );
}

interface VisitsProps {
  patientId: string;
  currentId: string;
  timeZone: string;
  units: Units;
}

function PreviousVisits({ patientId, currentId, timeZone, units }: VisitsProps) {
  const [visits, setVisits] = useState<(Appointment & { note: Note | null })[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const { appointments } = await api<AppointmentList>('GET', `/api/appointments?patientId=${patientId}&limit=100`);
      const earlier = appointments
        .filter((a) => a.id !== currentId && a.startAt < new Date().toISOString() && a.status !== 'cancelled')
        .reverse()
        .slice(0, 5);
      const notes = await notesByVisit(patientId as string);
      const withNotes = earlier.map((a) => ({ ...a, note: notes.get(a.id) ?? null }));
      if (live) setVisits(withNotes);
    })().catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [patientId, currentId]);

  return (
    <section aria-labelledby="previous-title">
      <h3 id="previous-title">Previous visits and notes</h3>
      <Problem error={error} />
      {!visits && !error ? <Loading what="Loading previous visits" /> : null}
      {visits && visits.length === 0 ? <Empty>No earlier visits with you.</Empty> : null}
      {visits?.length ? (
        <ul className="previous">
          {visits.map((v) => (
            <li key={v.id}>
              <strong>{day(v.startAt, timeZone)}</strong> · {v.reason ?? 'No reason given'} · {statusLabel(v.status)}
              {v.note ? <SoapText soap={v.note.soap} units={units} /> : <small className="muted"> No note written in this browser.</small>}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
