// The patient's prescriptions: number, status in words, when issued and until when valid, the
// doctor, each medicine with how to take it; the PDF to download; and a refill request (with an
// optional note) for a live prescription with no controlled medicine, showing the latest answer.
import { useState } from 'react';
import { MedicineList } from '../../../components/MedicineList';
import { Empty, Loading } from '../../../components/ui';
import type { Location, Prescription, RefillRequest } from '../../../lib/contract';
import { dateIn, fullDate } from '../../../lib/datetime';
import { downloadPdf, paperFor, prescriptionPdf } from '../../../lib/pdf';
import { refillable, STATUS_WORDS } from '../../../lib/prescriptions';
import { Problem, Said } from '../bits';
import type { Directory } from '../data';
import { RefillForm } from './RefillForm';
import { usePrescriptions } from './use-prescriptions';
import './prescriptions.css';

interface Props {
  patientId: string | null | undefined;
  directory: Directory;
  /** Changes when the hub says something about a prescription or a refill. */
  refreshKey: number;
  /** Prescriptions the pharmacy said (`prescription_ready`) have a completed fill waiting. */
  readyIds?: ReadonlySet<string>;
}

/** "5 Mar 2026": the day of an instant by the clinic's clock. */
const dayOf = (at: string, location?: Location) => fullDate(dateIn(at, location?.timezone));

export function Prescriptions({ patientId, directory, refreshKey, readyIds }: Props) {
  const { prescriptions, refills, error, reload } = usePrescriptions(patientId, refreshKey);
  if (!patientId) return <p className="muted">Your login is not linked to a patient record yet. Please ask the reception desk.</p>;
  if (!prescriptions) return error ? <Problem error={error} /> : <Loading what="Loading your prescriptions" />;
  return (
    <>
      <Problem error={error} />
      {prescriptions.length === 0 ? <Empty>No prescriptions yet. When a doctor signs one for you, it appears here.</Empty> : null}
      {prescriptions.length ? (
        <ul className="prescriptions" aria-label="Your prescriptions">
          {prescriptions.map((p) => (
            <Card
              key={p.id}
              p={p}
              location={directory.locations.get(p.locationId)}
              refill={refills.get(p.id)}
              ready={p.status === 'dispensed' || readyIds?.has(p.id) === true}
              onRequested={reload}
            />
          ))}
        </ul>
      ) : null}
    </>
  );
}

interface CardProps {
  p: Prescription;
  location?: Location;
  refill?: RefillRequest;
  /** A fill is complete: the medicines wait at the pharmacy. */
  ready: boolean;
  onRequested: () => Promise<void>;
}

function Card({ p, location, refill, ready, onRequested }: CardProps) {
  const [problem, setProblem] = useState<unknown>(null);
  const [said, setSaid] = useState<string | null>(null);
  const controlled = p.items.some((i) => i.controlled);
  return (
    <li className="card prescription" aria-labelledby={`rx-${p.id}`}>
      <h3 id={`rx-${p.id}`}>
        {p.number} <span className={`pill rx-${p.status}`}>{STATUS_WORDS[p.status]}</span>
      </h3>
      <p className="muted">
        {p.signedAt ? `Issued ${dayOf(p.signedAt, location)}` : null}
        {p.validUntil && (p.status === 'active' || p.status === 'partially_dispensed')
          ? ` · valid until ${dayOf(p.validUntil, location)}`
          : null}
        {` · ${p.doctor.name}`}
      </p>
      {ready ? (
        <p className="rx-ready">
          <strong>Ready for pickup</strong> at {location?.name ?? 'the clinic’s pharmacy'}.
        </p>
      ) : null}
      <MedicineList items={p.items} className="rx-medicines" />
      {p.advice ? <p>Advice: {p.advice}</p> : null}
      {p.cancelReason ? <p>Cancelled: {p.cancelReason}</p> : null}
      <RefillState refill={refill} location={location} />
      <Problem error={problem} />
      <Said text={said} />
      <div className="row">
        {p.signedAt ? (
          <button
            type="button"
            onClick={() => {
              setProblem(null);
              downloadPdf(prescriptionPdf(p.id, paperFor(location?.units)), p.number).catch(setProblem);
            }}
          >
            Download PDF of {p.number}
          </button>
        ) : null}
      </div>
      {refillable(p) && refill?.status !== 'pending' ? (
        <RefillForm
          p={p}
          onSent={async () => {
            await onRequested();
            setSaid('Your refill request was sent to the doctor.');
          }}
        />
      ) : null}
      {controlled && p.status === 'active' ? <p className="muted">Refills cannot be requested for controlled medicines.</p> : null}
    </li>
  );
}

function RefillState({ refill, location }: { refill?: RefillRequest; location?: Location }) {
  if (!refill) return null;
  if (refill.status === 'pending')
    return <p className="refill-state">Refill requested on {dayOf(refill.createdAt, location)}: waiting for the doctor.</p>;
  const when = refill.decidedAt ? ` on ${dayOf(refill.decidedAt, location)}` : '';
  return (
    <p className={`refill-state ${refill.status}`}>
      {refill.status === 'approved' ? `Refill approved${when}.` : `Refill declined${when}.`}
      {refill.reason ? ` “${refill.reason}”` : ''}
    </p>
  );
}
