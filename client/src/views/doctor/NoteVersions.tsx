// Every saved version of a note, newest first; one can be read in full or copied into the editor.
import { useEffect, useState } from 'react';
import { clock, day, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { NoteVersion, NoteVersionList, Soap } from '../../lib/contract';
import { Problem } from './Problem';
import { type Units, vitalFields } from './soap';

interface Props {
  noteId: string;
  revision: number;
  timeZone: string;
  units: Units;
  onUse: (v: NoteVersion) => void;
}

export function NoteVersions({ noteId, revision, timeZone, units, onUse }: Props) {
  const [versions, setVersions] = useState<NoteVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<number | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision means a new version to list
  useEffect(() => {
    let live = true;
    api<NoteVersionList>('GET', `/api/notes/${noteId}/versions`)
      .then((r) => live && setVersions([...r.versions].reverse()))
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [noteId, revision]);

  return (
    <section aria-labelledby="versions-title" className="versions">
      <h4 id="versions-title">Versions</h4>
      <Problem error={error} />
      {!versions && !error ? <Loading what="Loading versions" /> : null}
      <ul>
        {versions?.map((v) => (
          <li key={v.version}>
            <div className="row">
              <span>
                Version {v.version} · {day(v.at, timeZone)} {clock(v.at, timeZone)}
                {v.final ? <span className="pill ok-pill">Final</span> : null}
              </span>
              <button
                type="button"
                className="small"
                aria-expanded={shown === v.version}
                onClick={() => setShown(shown === v.version ? null : v.version)}
              >
                {shown === v.version ? `Hide version ${v.version}` : `Show version ${v.version}`}
              </button>
              <button type="button" className="small" onClick={() => onUse(v)}>
                Copy version {v.version} into the editor
              </button>
            </div>
            {shown === v.version ? <SoapText soap={v.soap} units={units} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A note read-only, as a doctor reads it back (vitals in the location's units). */
export function SoapText({ soap, units }: { soap: Soap; units: Units }) {
  const stored = soap.objective.vitals ?? {};
  const vitals = vitalFields(units)
    .flatMap((f) => (stored[f.key] !== undefined ? [`${f.label} ${f.fromStored(stored[f.key] as number)}`] : []))
    .join(', ');
  const differential = (soap.differentialDiagnosis ?? []).map(
    (d) => `${d.code ? `${d.code} ` : ''}${d.description}${d.likelihood ? ` (${d.likelihood})` : ''}`,
  );
  const referrals = (soap.referrals ?? []).map((r) => `${r.specialty} (${r.urgency})${r.reason ? `: ${r.reason}` : ''}`);
  return (
    <dl className="soap">
      {soap.chiefComplaint ? (
        <>
          <dt>Chief complaint</dt>
          <dd>{soap.chiefComplaint}</dd>
        </>
      ) : null}
      {soap.historyOfPresentIllness ? (
        <>
          <dt>History of present illness</dt>
          <dd>{soap.historyOfPresentIllness}</dd>
        </>
      ) : null}
      <dt>Subjective</dt>
      <dd>{soap.subjective || '—'}</dd>
      <dt>Objective</dt>
      <dd>
        {soap.objective.text || '—'}
        {vitals ? <small className="muted"> ({vitals})</small> : null}
      </dd>
      <dt>Assessment</dt>
      <dd>
        {soap.assessment.text || '—'}
        {soap.assessment.diagnoses.map((d) => (
          <span key={d.code} className="dx-code">
            {' '}
            {d.code} {d.description}
          </span>
        ))}
      </dd>
      {soap.reviewOfSystems || soap.physicalExam ? (
        <>
          <dt>Review of systems and exam</dt>
          <dd>
            {[
              soap.reviewOfSystems?.text,
              ...(soap.reviewOfSystems?.systems ?? []).map(
                (x) => `${x.system}: ${x.finding.replace('_', ' ')}${x.note ? ` (${x.note})` : ''}`,
              ),
              soap.physicalExam?.text,
              ...(soap.physicalExam?.findings ?? []).map((f) => `${f.area}: ${f.finding}`),
            ]
              .filter(Boolean)
              .join('; ')}
          </dd>
        </>
      ) : null}
      {differential.length ? (
        <>
          <dt>Differential diagnosis</dt>
          <dd>{differential.join('; ')}</dd>
        </>
      ) : null}
      <dt>Plan</dt>
      <dd>
        {soap.plan.text || '—'}
        {soap.plan.followUp?.inDays ? <span> Follow-up in {soap.plan.followUp.inDays} days.</span> : null}
      </dd>
      {referrals.length ? (
        <>
          <dt>Referrals</dt>
          <dd>{referrals.join('; ')}</dd>
        </>
      ) : null}
    </dl>
  );
}
