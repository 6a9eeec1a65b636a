// One medicine in the dispense dialog, as a fieldset named by the medicine: how many to dispense
// (all that remains to start with), from which lot (unexpired lots only, each with its expiry and
// on hand, first-expiring first and preselected; or "first-expiring, across lots"), and an optional
// substitute from the catalogue (the prescribing typeahead, at this location) with a required reason.

import { useId, useState } from 'react';
import type { QueueItem, StockItem } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';
import { formWords, medicineName } from '../../lib/prescriptions';
import { MedicationSearch } from '../doctor/prescribing/MedicationSearch';
import { ANY_LOT, type ItemChoice, pickableLots } from './dispense-form';

interface Props {
  item: QueueItem;
  choice: ItemChoice;
  /** The location's stock, by medicine id. */
  stock: ReadonlyMap<string, StockItem>;
  today: string;
  locationId: string;
  onChange: (next: ItemChoice) => void;
}

export function DispenseItem({ item, choice, stock, today, locationId, onChange }: Props) {
  const id = useId();
  const dispensedId = choice.substitute?.id ?? item.medicationId;
  const lots = pickableLots(stock.get(dispensedId), today);
  const set = (patch: Partial<ItemChoice>) => onChange({ ...choice, ...patch });
  const substituting = choice.substitute !== null;
  const [searching, setSearching] = useState(false);
  /** The first-expiring lot of a medicine when it holds `quantity`, else across lots. */
  const firstLotOf = (medicationId: string, quantity: number) => {
    const first = pickableLots(stock.get(medicationId), today)[0];
    return first && first.quantity >= quantity ? first.id : ANY_LOT;
  };
  return (
    <fieldset className="dispense-item">
      <legend>
        {item.name} {item.strength} {formWords(item.form)}
      </legend>
      <p className="muted">
        {item.dose}, {item.frequency} · {item.remaining} of {item.quantity} still to dispense
        {item.dispensedQuantity ? ` (${item.dispensedQuantity} given this fill)` : ''}
      </p>
      <div className="dispense-grid">
        <div className="field">
          <label htmlFor={`${id}-qty`}>Quantity to dispense</label>
          <input
            id={`${id}-qty`}
            type="number"
            inputMode="numeric"
            min={0}
            max={item.remaining}
            step={1}
            value={choice.quantity}
            onChange={(e) => set({ quantity: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-lot`}>Lot</label>
          <select id={`${id}-lot`} value={choice.lotId} onChange={(e) => set({ lotId: e.target.value })}>
            {lots.map((l) => (
              <option key={l.id} value={l.id}>
                {l.batchNumber} · expires {fullDate(l.expiresOn)} · {l.quantity} on hand
              </option>
            ))}
            <option value={ANY_LOT}>First-expiring first, across lots</option>
          </select>
        </div>
      </div>
      {lots.length === 0 ? <p className="error">No unexpired stock of {substituting ? 'the substitute' : 'this medicine'} here.</p> : null}
      {choice.substitute ? (
        <p className="substitute">
          Dispensing <strong>{medicineName(choice.substitute)}</strong> instead.{' '}
          <button
            type="button"
            onClick={() => set({ substitute: null, substitutionReason: '', lotId: firstLotOf(item.medicationId, item.remaining) })}
          >
            Undo substitution
          </button>
        </p>
      ) : searching ? (
        <MedicationSearch
          locationId={locationId}
          label={`Substitute for ${item.name}`}
          onPick={(m) => {
            setSearching(false);
            set({ substitute: m, lotId: firstLotOf(m.id, Number(choice.quantity) || 0) });
          }}
        />
      ) : (
        <button type="button" onClick={() => setSearching(true)}>
          Substitute {item.name}…
        </button>
      )}
      {substituting ? (
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason for the substitution (recorded and shown to the prescriber)</label>
          <textarea
            id={`${id}-reason`}
            required
            maxLength={500}
            value={choice.substitutionReason}
            onChange={(e) => set({ substitutionReason: e.target.value })}
          />
        </div>
      ) : null}
    </fieldset>
  );
}
