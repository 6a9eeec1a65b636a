// Receiving a delivery: which medicine (the catalogue typeahead), batch number, expiry date, how
// many, and optionally unit cost, unit price (typed as amounts, sent as integer minor units) and
// supplier. The same batch with the same expiry adds to that lot (the hub's rule).
import { type FormEvent, useId, useState } from 'react';
import { api } from '../../lib/api';
import type { DeliveryInput, Medication } from '../../lib/contract';
import { parseMinor } from '../../lib/money';
import { medicineName } from '../../lib/prescriptions';
import { Problem } from '../doctor/Problem';
import { MedicationSearch } from '../doctor/prescribing/MedicationSearch';

interface Props {
  locationId: string;
  currency: string | null | undefined;
  today: string;
  onReceived: (what: string) => void;
}

const EMPTY = { batchNumber: '', expiresOn: '', quantity: '', cost: '', price: '', supplier: '' };

export function ReceiveForm({ locationId, currency, today, onReceived }: Props) {
  const id = useId();
  const [medicine, setMedicine] = useState<Medication | null>(null);
  const [fields, setFields] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const quantity = Number(fields.quantity);
    const cost = parseMinor(fields.cost, currency);
    const price = parseMinor(fields.price, currency);
    if (!medicine) return setProblem('Choose the medicine that was delivered.');
    if (!fields.batchNumber.trim()) return setProblem('Enter the batch number printed on the pack.');
    if (!fields.expiresOn) return setProblem('Enter the expiry date.');
    if (fields.expiresOn < today) return setProblem('That batch has already expired: it cannot be received.');
    if (!Number.isSafeInteger(quantity) || quantity < 1) return setProblem('Enter how many units arrived (a whole number).');
    if (cost === null || price === null) return setProblem('Write unit cost and unit price as amounts, e.g. 1.25.');
    const body: DeliveryInput = {
      locationId,
      medicationId: medicine.id,
      batchNumber: fields.batchNumber.trim(),
      expiresOn: fields.expiresOn,
      quantity,
      ...(cost !== undefined ? { unitCostMinor: cost } : {}),
      ...(price !== undefined ? { unitPriceMinor: price } : {}),
      ...(fields.supplier.trim() ? { supplier: fields.supplier.trim() } : {}),
    };
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', '/api/inventory/lots', body);
      onReceived(`Received ${quantity} × ${medicineName(medicine)}, batch ${body.batchNumber}.`);
      setMedicine(null);
      setFields(EMPTY);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card receive" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Receive a delivery</h3>
      {medicine ? (
        <p>
          Medicine: <strong>{medicineName(medicine)}</strong>{' '}
          <button type="button" onClick={() => setMedicine(null)}>
            Change medicine
          </button>
        </p>
      ) : (
        <MedicationSearch locationId={locationId} label="Medicine delivered" onPick={setMedicine} />
      )}
      <div className="receive-grid">
        <div className="field">
          <label htmlFor={`${id}-batch`}>Batch number</label>
          <input id={`${id}-batch`} value={fields.batchNumber} maxLength={64} onChange={set('batchNumber')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-expiry`}>Expires on</label>
          <input id={`${id}-expiry`} type="date" min={today} value={fields.expiresOn} onChange={set('expiresOn')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-qty`}>Quantity (units)</label>
          <input id={`${id}-qty`} type="number" inputMode="numeric" min={1} step={1} value={fields.quantity} onChange={set('quantity')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cost`}>Unit cost{currency ? ` (${currency})` : ''}, optional</label>
          <input id={`${id}-cost`} inputMode="decimal" value={fields.cost} onChange={set('cost')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-price`}>Unit price{currency ? ` (${currency})` : ''}, optional</label>
          <input id={`${id}-price`} inputMode="decimal" value={fields.price} onChange={set('price')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-supplier`}>Supplier, optional</label>
          <input id={`${id}-supplier`} value={fields.supplier} maxLength={120} onChange={set('supplier')} />
        </div>
      </div>
      <Problem error={problem} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Receive delivery
        </button>
      </div>
    </form>
  );
}
