// One prescription in the pharmacy queue: number and state (on hold with its reason), the patient
// (with birth date, to tell namesakes apart at the counter), the prescriber, each medicine with
// what remains of this fill against what is on hand here, and the pharmacist's actions.
import type { QueuePrescription } from '../../lib/contract';
import { dateIn, fullDate } from '../../lib/datetime';
import { formWords } from '../../lib/prescriptions';

export type QueueAction = 'dispense' | 'hold' | 'release' | 'close';

interface Props {
  p: QueuePrescription;
  timeZone: string | undefined;
  onAction: (action: QueueAction, p: QueuePrescription) => void;
}

const STATE: Record<string, string> = { active: 'Waiting', partially_dispensed: 'Partly dispensed' };

export function QueueCard({ p, timeZone, onAction }: Props) {
  const held = p.holdReason !== null;
  const heading = `rxq-${p.prescriptionId}`;
  return (
    <li className={`card rx-queued${held ? ' on-hold' : ''}`} aria-labelledby={heading}>
      <h3 id={heading}>
        {p.number} <span className="pill">{STATE[p.status] ?? p.status}</span>
        {held ? <span className="pill warn">On hold</span> : null}
      </h3>
      {held ? <p className="hold-reason">On hold: {p.holdReason}</p> : null}
      <p>
        <strong>{p.patient.name}</strong>
        {` · born ${fullDate(p.patient.dateOfBirth)}`} · prescribed by {p.doctor.name} ({p.doctor.licenseNumber})
      </p>
      <p className="muted">
        {p.signedAt ? `Signed ${fullDate(dateOf(p.signedAt, timeZone))}` : 'Signed'}
        {p.validUntil ? ` · valid until ${fullDate(dateOf(p.validUntil, timeZone))}` : ''}
        {` · ${p.fillsRemaining} ${p.fillsRemaining === 1 ? 'fill' : 'fills'} left`}
      </p>
      <table className="rxq-items" aria-label={`Medicines on ${p.number}`}>
        <thead>
          <tr>
            <th scope="col">Medicine</th>
            <th scope="col">Remaining</th>
            <th scope="col">On hand</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((i) => (
            <tr key={i.itemId}>
              <td>
                <strong>
                  {i.name} {i.strength}
                </strong>{' '}
                {formWords(i.form)}
                <br />
                <span className="muted">
                  {i.dose}, {i.frequency}
                  {i.instructions ? `, ${i.instructions}` : ''}
                </span>
              </td>
              <td>
                {i.remaining} of {i.quantity}
              </td>
              <td className={i.onHand < i.remaining ? 'short' : undefined}>
                {i.onHand}
                {i.onHand < i.remaining ? <span className="short-word"> (short)</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" className="primary" disabled={held} onClick={() => onAction('dispense', p)}>
          Dispense {p.number}
        </button>
        {held ? (
          <button type="button" onClick={() => onAction('release', p)}>
            Release hold
          </button>
        ) : (
          <button type="button" onClick={() => onAction('hold', p)}>
            Put on hold
          </button>
        )}
        <button type="button" className="danger" onClick={() => onAction('close', p)}>
          Close
        </button>
      </div>
    </li>
  );
}

/** The clinic's calendar day of an instant, for a "signed on" date. */
const dateOf = (at: string, timeZone: string | undefined) => dateIn(at, timeZone);
