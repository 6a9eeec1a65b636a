// The patient of the visit in focus as a chart: allergies first, who they are, problems, current
// medicines, vitals over time, documents and the timeline of visits (chart/Chart.tsx), followed
// live while open, then the note of this visit.
import { type MutableRefObject, type ReactNode, useEffect, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import type { Patient } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';
import { countryOf, formatPhone } from '../../lib/phone';
import type { HubSocket } from '../../lib/socket';
import { useChart } from '../record/use-chart';
import { AllergiesPart, ChartParts } from './chart/Chart';
import { NoteEditor, type NoteGuard } from './NoteEditor';
import { Problem } from './Problem';
import { ageOn, fetchPatient, fullName } from './patients';
import type { Units } from './soap';
import type { Focus } from './types';

interface Props {
  socket: HubSocket | null;
  focus: Focus | null;
  timeZone: string;
  units: Units;
  guard: MutableRefObject<NoteGuard | null>;
  /** The clinic's phone: numbers of its country read nationally. */
  clinicPhone?: string;
  onMessage: (patientId: string) => Promise<void>;
}

export function PatientPanel({ socket, focus, timeZone, units, guard, clinicPhone, onMessage }: Props) {
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
        <OpenChart key={patient.id} socket={socket} focus={focus} patient={patient} timeZone={timeZone} units={units}>
          <Summary patient={patient} clinicPhone={clinicPhone} />
          <button type="button" onClick={() => onMessage(patient.id).catch(setMessageError)}>
            Write to {fullName(patient)}
          </button>
          <Problem error={messageError} />
        </OpenChart>
      ) : null}
      {focus && patient ? <NoteEditor focus={focus} timeZone={timeZone} units={units} guard={guard} /> : null}
    </section>
  );
}

interface ChartProps {
  socket: HubSocket | null;
  focus: Focus;
  patient: Patient;
  timeZone: string;
  units: Units;
  /** Who the patient is, between the allergies and the rest of the chart. */
  children: ReactNode;
}

/** The chart of the patient in focus, subscribed while it is open (a new patient: a new chart). */
function OpenChart({ socket, focus, patient, timeZone, units, children }: ChartProps) {
  const chart = useChart(socket, patient.id);
  return (
    <>
      <AllergiesPart chart={chart} listed={patient.allergies} patientId={patient.id} />
      {children}
      <ChartParts chart={chart} focus={focus} timeZone={timeZone} units={units} />
    </>
  );
}

function Summary({ patient, clinicPhone }: { patient: Patient; clinicPhone?: string }) {
  return (
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
  );
}
