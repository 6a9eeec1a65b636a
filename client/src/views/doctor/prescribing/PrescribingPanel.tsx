// Prescribing for the visit in focus, beside its note: the patient's allergies first, then the
// prescription open (a new one or a draft in the editor; a signed one with Print, Cancel and
// Correct), then the others written at this visit.
import { useEffect, useState } from 'react';
import { Empty, Loading } from '../../../components/ui';
import type { Prescription } from '../../../lib/contract';
import type { Paper } from '../../../lib/pdf';
import { STATUS_WORDS } from '../../../lib/prescriptions';
import { Problem } from '../Problem';
import type { Focus } from '../types';
import { PrescriptionEditor } from './PrescriptionEditor';
import { SignedPrescription } from './SignedPrescription';
import { useVisit } from './use-visit';
import './prescribing.css';

interface Props {
  focus: Focus | null;
  timeZone: string;
  paper: Paper;
}

export function PrescribingPanel({ focus, timeZone, paper }: Props) {
  return (
    <section className="card prescribing" aria-labelledby="prescribing-title">
      <h2 id="prescribing-title">Prescription</h2>
      {focus ? (
        <Visit key={focus.appointmentId} focus={focus} timeZone={timeZone} paper={paper} />
      ) : (
        <Empty>Open a visit to write a prescription.</Empty>
      )}
    </section>
  );
}

function Visit({ focus, timeZone, paper }: { focus: Focus; timeZone: string; paper: Paper }) {
  const { visit, error, put } = useVisit(focus.appointmentId, focus.patientId);
  /** The prescription open: its id, or null for a new one. */
  const [openId, setOpenId] = useState<string | null>(null);

  // When the visit's prescriptions arrive, a draft left unsigned opens again.
  const loaded = visit !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the list first arrives
  useEffect(() => {
    setOpenId(visit?.prescriptions.find((p) => p.status === 'draft')?.id ?? null);
  }, [loaded]);

  if (error) return <Problem error={error} />;
  if (!visit) return <Loading what="Loading this visit’s prescriptions" />;
  const open = visit.prescriptions.find((p) => p.id === openId) ?? null;
  const others = visit.prescriptions.filter((p) => p !== open);
  const changed = (...list: Prescription[]) => {
    put(...list);
    const last = list[list.length - 1];
    if (last) setOpenId(last.id);
  };

  return (
    <>
      <p className={visit.allergies.length ? 'allergies' : 'muted'}>
        {visit.allergies.length ? (
          <>
            <strong>Recorded allergies:</strong> {visit.allergies.join(', ')}
          </>
        ) : (
          'Allergies: none recorded.'
        )}
      </p>
      {open && open.status !== 'draft' ? (
        <>
          <SignedPrescription p={open} timeZone={timeZone} paper={paper} onChanged={changed} />
          <button type="button" onClick={() => setOpenId(null)}>
            Write another prescription
          </button>
        </>
      ) : (
        <PrescriptionEditor appointmentId={focus.appointmentId} locationId={visit.locationId} current={open} onChanged={changed} />
      )}
      {others.length ? (
        <section aria-labelledby="visit-rx-title">
          <h3 id="visit-rx-title">Prescriptions of this visit</h3>
          <ul className="rx-others">
            {others.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => setOpenId(p.id)}>
                  {p.number}
                </button>{' '}
                <span className={`pill rx-status-${p.status}`}>{STATUS_WORDS[p.status]}</span>{' '}
                <span className="muted">{p.items.map((i) => i.name).join(', ')}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
