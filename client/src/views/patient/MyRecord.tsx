// "My record" in the portal: what the clinic keeps about the patient and shares with them. Their
// allergies, problems and current medicines; their vital signs over time (a plot, and the same
// readings as a table); the visit notes their doctors marked final and shared; and the documents
// shared with them (opened in a new tab or a dialog, or downloaded). Read when the portal opens
// and again when a notification says something changed (`refreshKey`).
import { useEffect, useState } from 'react';
import type { Appointment, Note } from '../../lib/contract';
import { DocumentList } from '../record/Documents';
import { Fold } from '../record/Fold';
import { AllergyList, activeAllergies, ConditionList, MedicationList } from '../record/Lists';
import { useChart } from '../record/use-chart';
import { VitalsPlots } from '../record/VitalsPlot';
import { Problem } from './bits';
import type { Directory } from './data';
import { when } from './format';
import { VisitSummary } from './VisitSummary';
import '../doctor/dialogs.css';

interface Props {
  patientId: string;
  directory: Directory;
  appointments: readonly Appointment[];
  notes: ReadonlyMap<string, Note>;
  refreshKey: number;
}

export function MyRecord({ patientId, directory, appointments, notes, refreshKey }: Props) {
  const chart = useChart(null, patientId);
  const [fileError, setFileError] = useState<unknown>(null);
  const home = appointments.at(-1) ? directory.locations.get(appointments.at(-1)!.locationId) : undefined;
  const units = home?.units === 'us' ? 'us' : 'metric';
  const record = chart.record.data;
  const { reload } = chart;

  // biome-ignore lint/correctness/useExhaustiveDependencies: one new read per notification
  useEffect(() => {
    if (refreshKey === 0) return;
    reload('vitals');
    reload('documents');
  }, [refreshKey]);

  const shared = appointments
    .flatMap((a) => {
      const note = notes.get(a.id);
      return note ? [{ visit: a, note }] : [];
    })
    .reverse();

  return (
    <div className="stack my-record">
      <Problem error={chart.record.error} />
      <section aria-labelledby="my-allergies">
        <h3 id="my-allergies">Allergies</h3>
        {record ? (
          activeAllergies(record.allergies).length ? (
            <AllergyList allergies={record.allergies} label="Your allergies" />
          ) : (
            <p className="muted">No allergies recorded.</p>
          )
        ) : null}
      </section>
      <section aria-labelledby="my-problems">
        <h3 id="my-problems">Health problems</h3>
        {record ? <ConditionList conditions={record.conditions} label="Your health problems" /> : null}
      </section>
      <section aria-labelledby="my-medicines">
        <h3 id="my-medicines">Current medicines</h3>
        {record ? <MedicationList medications={record.medications} label="Your current medicines" /> : null}
      </section>
      <section aria-labelledby="my-vitals">
        <h3 id="my-vitals">Vital signs</h3>
        <Problem error={chart.vitals.error} />
        {chart.vitals.data ? <VitalsPlots series={chart.vitals.data} units={units} timeZone={home?.timezone} /> : null}
      </section>
      <section aria-labelledby="my-notes">
        <h3 id="my-notes">Visit notes shared with you</h3>
        {shared.length ? (
          <ul className="shared-notes">
            {shared.map(({ visit, note }) => (
              <li key={note.id}>
                <Fold
                  summary={`${when(visit.startAt, directory.locations.get(visit.locationId))} · ${directory.doctors.get(note.doctorId)?.displayName ?? 'Your doctor'}`}
                >
                  <VisitSummary note={note} visit={visit} directory={directory} />
                </Fold>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No notes shared with you yet.</p>
        )}
      </section>
      <section aria-labelledby="my-documents">
        <h3 id="my-documents">Documents shared with you</h3>
        <Problem error={chart.documents.error ?? fileError} />
        {chart.documents.data ? <DocumentList documents={chart.documents.data} label="Your documents" onError={setFileError} /> : null}
      </section>
    </div>
  );
}
