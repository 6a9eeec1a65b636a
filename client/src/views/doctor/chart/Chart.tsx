// The patient's chart in the doctor console, followed live (record/use-chart.ts): allergies
// first (AllergiesPart, above everything else in the panel), then problems, current medicines,
// the vitals over time, documents and the timeline of visits. Each part shows its own loading
// and error, so one part the hub cannot answer leaves the rest readable.
import { type ReactNode, useState } from 'react';
import { Loading } from '../../../components/ui';
import type { ChartPart } from '../../../lib/contract';
import { DocumentList } from '../../record/Documents';
import { AllergyList, activeAllergies, ConditionList, HistoryList, MedicationList } from '../../record/Lists';
import type { Chart as ChartState } from '../../record/use-chart';
import { VitalsPlots } from '../../record/VitalsPlot';
import { Problem } from '../Problem';
import type { Units } from '../soap';
import type { Focus } from '../types';
import { ArchivedDocuments } from './ArchivedDocuments';
import { AllergyForm, ConditionForm, HistoryForm, OutsideMedicationForm } from './ChartForms';
import { AllergyActions, ConditionActions, MedicationActions } from './Corrections';
import { Timeline } from './Timeline';
import { UploadForm } from './UploadForm';

function Part({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="chart-part">
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/**
 * Allergies, always first: the one-line summary (the substances, in the order the patient's
 * record lists them) and then each with its severity and reaction, and the form to add one.
 */
export function AllergiesPart({ chart, listed, patientId }: { chart: ChartState; listed: readonly string[]; patientId: string }) {
  const record = chart.record.data;
  const rank = (s: string) => (listed.includes(s) ? listed.indexOf(s) : listed.length);
  const substances = record
    ? activeAllergies(record.allergies)
        .map((a) => a.substance)
        .sort((a, b) => rank(a) - rank(b))
    : listed;
  return (
    <Part id="chart-allergies" title="Allergies">
      <p className={substances.length ? 'allergies' : 'muted'}>
        {substances.length ? (
          <>
            <strong>Allergies:</strong> {substances.join(', ')}
          </>
        ) : (
          'No known allergies recorded.'
        )}
      </p>
      {record ? (
        <AllergyList
          allergies={record.allergies}
          label="Allergies with severity"
          actions={(a) => <AllergyActions allergy={a} onChanged={chart.reload} />}
        />
      ) : null}
      <Problem error={chart.record.error} />
      <AllergyForm patientId={patientId} onAdded={chart.reload} />
    </Part>
  );
}

interface Props {
  chart: ChartState;
  focus: Focus;
  timeZone: string;
  units: Units;
}

export function ChartParts({ chart, focus, timeZone, units }: Props) {
  const record = chart.record.data;
  const patientId = focus.patientId;
  const onAdded = (part: ChartPart) => chart.reload(part);
  const [fileError, setFileError] = useState<unknown>(null);
  return (
    <>
      <Part id="chart-problems" title="Problems">
        {record ? (
          <ConditionList
            conditions={record.conditions}
            label="Problems"
            actions={(c) => <ConditionActions condition={c} timeZone={timeZone} onChanged={onAdded} />}
          />
        ) : chart.record.error ? null : (
          <Loading what="Loading the problems" />
        )}
        <ConditionForm patientId={patientId} onAdded={onAdded} />
      </Part>
      <Part id="chart-medicines" title="Current medicines">
        {record ? (
          <MedicationList
            medications={record.medications}
            label="Current medicines"
            actions={(m) => <MedicationActions medication={m} timeZone={timeZone} onChanged={onAdded} />}
          />
        ) : null}
        <OutsideMedicationForm patientId={patientId} onAdded={onAdded} />
      </Part>
      <Part id="chart-vitals" title="Vital signs over time">
        <Problem error={chart.vitals.error} />
        {chart.vitals.data ? (
          <VitalsPlots series={chart.vitals.data} units={units} timeZone={timeZone} />
        ) : chart.vitals.error ? null : (
          <Loading what="Loading the vital signs" />
        )}
      </Part>
      <Part id="chart-documents" title="Documents">
        <Problem error={chart.documents.error ?? fileError} />
        {chart.documents.data ? (
          <DocumentList
            documents={chart.documents.data}
            label="Documents"
            onChanged={() => {
              setFileError(null);
              chart.reload('documents');
            }}
            onError={setFileError}
          />
        ) : null}
        <UploadForm patientId={patientId} appointmentId={focus.appointmentId} onUploaded={() => chart.reload('documents')} />
        <ArchivedDocuments patientId={patientId} revision={chart.documents.data} onChanged={() => chart.reload('documents')} />
      </Part>
      {record ? (
        <Part id="chart-history" title="History">
          <HistoryList history={record.history} />
          <HistoryForm patientId={patientId} onAdded={onAdded} />
        </Part>
      ) : null}
      <Timeline
        patientId={patientId}
        currentId={focus.appointmentId}
        timeZone={timeZone}
        units={units}
        notesRevision={chart.notesRevision}
      />
    </>
  );
}
