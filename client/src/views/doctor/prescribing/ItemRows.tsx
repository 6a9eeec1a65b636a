// The medicines on the prescription, one group of fields each: dose and how often as the doctor
// writes them ("1 capsule", "three times daily"), days, quantity, instructions, and Remove.
import { Field } from '../../../components/ui';
import { formWords } from '../../../lib/prescriptions';
import type { ItemDraft } from './draft';

interface Props {
  items: ItemDraft[];
  onChange: (items: ItemDraft[]) => void;
}

export function ItemRows({ items, onChange }: Props) {
  const set = (key: string, patch: Partial<ItemDraft>) => onChange(items.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  if (items.length === 0) return <p className="muted empty">No medicines yet: add one above.</p>;
  return (
    <ol className="rx-items" aria-label="Medicines on this prescription">
      {items.map((i) => {
        const name = `${i.medication.name} ${i.medication.strength}`;
        return (
          <li key={i.key}>
            <fieldset>
              <legend>
                {name} · {formWords(i.medication.form)}
                {i.medication.controlled ? <span className="pill warn">Controlled</span> : null}
              </legend>
              <div className="rx-item-fields">
                <Field label="Dose">
                  <input value={i.dose} placeholder="1 capsule" onChange={(e) => set(i.key, { dose: e.target.value })} maxLength={100} />
                </Field>
                <Field label="How often">
                  <input
                    value={i.frequency}
                    placeholder="three times daily"
                    onChange={(e) => set(i.key, { frequency: e.target.value })}
                    maxLength={100}
                  />
                </Field>
                <Field label="Days">
                  <input
                    value={i.durationDays}
                    inputMode="numeric"
                    onChange={(e) => set(i.key, { durationDays: e.target.value })}
                    maxLength={3}
                  />
                </Field>
                <Field label="Quantity">
                  <input value={i.quantity} inputMode="numeric" onChange={(e) => set(i.key, { quantity: e.target.value })} maxLength={5} />
                </Field>
              </div>
              <Field label="Instructions (optional)">
                <input
                  value={i.instructions}
                  placeholder="after meals"
                  onChange={(e) => set(i.key, { instructions: e.target.value })}
                  maxLength={500}
                />
              </Field>
              <button type="button" className="small danger" onClick={() => onChange(items.filter((x) => x.key !== i.key))}>
                Remove {name}
              </button>
            </fieldset>
          </li>
        );
      })}
    </ol>
  );
}
