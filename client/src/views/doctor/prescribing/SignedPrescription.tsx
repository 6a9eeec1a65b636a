// A prescription that is no longer a draft: what was signed (number, status, when, valid until,
// the signature's fingerprint, the medicines), Print (the PDF), and for an active one Cancel or
// "Correct (cancel and reissue)", each with a reason. A correction opens the new draft. Once the
// pharmacy has handed something out, what it was (and any substitution's reason) is listed.
import { useState } from 'react';
import { api } from '../../../lib/api';
import type { Prescription } from '../../../lib/contract';
import { dayAndTime } from '../../../lib/datetime';
import { openPdf, type Paper, prescriptionPdf } from '../../../lib/pdf';
import { howToTake, STATUS_WORDS } from '../../../lib/prescriptions';
import { Problem } from '../Problem';
import { anythingDispensed, HandedOut } from './HandedOut';
import { ReasonDialog } from './ReasonDialog';

interface Props {
  p: Prescription;
  timeZone: string;
  paper: Paper;
  /** Prescriptions changed here (the cancelled one, and a new draft), the one to open last. */
  onChanged: (...changed: Prescription[]) => void;
}

type Ask = 'cancel' | 'reissue' | null;

export function SignedPrescription({ p, timeZone, paper, onChanged }: Props) {
  const [ask, setAsk] = useState<Ask>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const signed = p.signedAt !== null;

  const cancel = async (reason: string) => {
    onChanged(await api<Prescription>('POST', `/api/prescriptions/${p.id}/cancel`, { reason }));
    setAsk(null);
  };
  const reissue = async (reason: string) => {
    const fresh = await api<Prescription>('POST', `/api/prescriptions/${p.id}/reissue`, { reason });
    const old = await api<Prescription>('GET', `/api/prescriptions/${p.id}`);
    setAsk(null);
    onChanged(old, fresh);
  };

  return (
    <article className="rx-signed" aria-labelledby={`rx-${p.id}`}>
      <h3 id={`rx-${p.id}`}>
        {p.number}{' '}
        <span className={`pill rx-status-${p.status}`}>{signed && p.status === 'active' ? 'Signed' : STATUS_WORDS[p.status]}</span>
      </h3>
      <dl className="facts">
        {p.signedAt ? (
          <>
            <dt>Signed</dt>
            <dd>{dayAndTime(p.signedAt, timeZone)}</dd>
          </>
        ) : null}
        {p.validUntil ? (
          <>
            <dt>Valid until</dt>
            <dd>{dayAndTime(p.validUntil, timeZone)}</dd>
          </>
        ) : null}
        {p.signatureFingerprint ? (
          <>
            <dt>Signature</dt>
            <dd>
              <code className="address">{p.signatureFingerprint}</code>
            </dd>
          </>
        ) : null}
        <dt>Fills left</dt>
        <dd>{p.fillsRemaining}</dd>
        {p.diagnosis ? (
          <>
            <dt>Diagnosis</dt>
            <dd>{p.diagnosis}</dd>
          </>
        ) : null}
        {p.allergyOverrideReason ? (
          <>
            <dt>Allergy override</dt>
            <dd>{p.allergyOverrideReason}</dd>
          </>
        ) : null}
        {p.cancelReason ? (
          <>
            <dt>{p.replacedById ? 'Corrected because' : 'Cancelled because'}</dt>
            <dd>{p.cancelReason}</dd>
          </>
        ) : null}
      </dl>
      <ul className="rx-lines">
        {p.items.map((i) => (
          <li key={i.id}>
            <strong>
              {i.name} {i.strength}
            </strong>{' '}
            {howToTake(i)}
            {i.instructions ? ` · ${i.instructions}` : ''}
          </li>
        ))}
      </ul>
      {p.testsOrdered.length ? <p>Tests: {p.testsOrdered.map((t) => `${t.name} (${t.priority})`).join(', ')}</p> : null}
      {anythingDispensed(p) ? <HandedOut p={p} timeZone={timeZone} /> : null}
      <Problem error={problem} />
      <div className="row actions">
        {signed ? (
          <button type="button" onClick={() => openPdf(prescriptionPdf(p.id, paper), p.number).catch(setProblem)}>
            Print {p.number}
          </button>
        ) : null}
        {p.status === 'active' ? (
          <>
            <button type="button" onClick={() => setAsk('reissue')}>
              Correct (cancel and reissue)
            </button>
            <button type="button" className="danger" onClick={() => setAsk('cancel')}>
              Cancel prescription
            </button>
          </>
        ) : null}
      </div>
      {ask === 'cancel' ? (
        <ReasonDialog
          title={`Cancel ${p.number}?`}
          reasonLabel="Reason for cancelling"
          required
          confirm="Cancel prescription"
          danger
          onConfirm={cancel}
          onCancel={() => setAsk(null)}
        >
          <p>A pharmacy will no longer dispense it. The patient keeps it in their list as cancelled.</p>
        </ReasonDialog>
      ) : null}
      {ask === 'reissue' ? (
        <ReasonDialog
          title={`Correct ${p.number}?`}
          reasonLabel="What needs correcting"
          required
          confirm="Cancel and reissue"
          onConfirm={reissue}
          onCancel={() => setAsk(null)}
        >
          <p>{p.number} is cancelled and a new draft, a copy of it, opens for you to correct and sign.</p>
        </ReasonDialog>
      ) : null}
    </article>
  );
}
