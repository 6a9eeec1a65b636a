// A prescription being written (new, or a saved draft): medicines from the catalogue, refills and
// validity, diagnosis, advice, tests, an optional drawing; Save draft, and Sign after a confirm
// step (a signed prescription cannot change). Conflicts with the patient's allergies open the
// override dialog; a duplicate of an active prescription is a warning shown after saving.
import { useId, useState } from 'react';
import { Field } from '../../../components/ui';
import type { Prescription } from '../../../lib/contract';
import { Dialog } from '../Dialog';
import { Problem } from '../Problem';
import { AllergyDialog } from './AllergyDialog';
import { hasControlled, itemFor } from './draft';
import { ItemRows } from './ItemRows';
import { MedicationSearch } from './MedicationSearch';
import { TestsOrdered } from './TestsOrdered';
import { useDraft } from './use-draft';
import { Whiteboard } from './Whiteboard';

interface Props {
  appointmentId: string;
  locationId: string;
  /** The saved draft being edited; null for a new prescription. */
  current: Prescription | null;
  onChanged: (p: Prescription) => void;
}

export function PrescriptionEditor({ appointmentId, locationId, current, onChanged }: Props) {
  const id = useId();
  const d = useDraft(appointmentId, current, onChanged);
  const { draft, setDraft } = d;
  const [confirmSign, setConfirmSign] = useState(false);
  const controlled = hasControlled(draft);
  const set = (patch: Partial<typeof draft>) => setDraft((x) => ({ ...x, ...patch }));

  return (
    <>
      <form
        className="rx-editor"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          void d.saveDraft();
        }}
      >
        <h3 id={`${id}-title`}>{current ? `Draft ${current.number}` : 'New prescription'}</h3>
        <MedicationSearch locationId={locationId} onPick={(m) => set({ items: [...draft.items, itemFor(m)] })} />
        <ItemRows items={draft.items} onChange={(items) => set({ items })} />
        <div className="rx-numbers">
          <Field label="Refills" hint={controlled ? 'None: a controlled medicine is on this prescription.' : 'Fills after the first one.'}>
            <input
              inputMode="numeric"
              value={controlled ? '0' : draft.refills}
              disabled={controlled}
              maxLength={2}
              onChange={(e) => set({ refills: e.target.value })}
            />
          </Field>
          <Field label="Valid for (days)">
            <input inputMode="numeric" value={draft.validDays} maxLength={3} onChange={(e) => set({ validDays: e.target.value })} />
          </Field>
        </div>
        <Field label="Diagnosis">
          <input value={draft.diagnosis} maxLength={500} onChange={(e) => set({ diagnosis: e.target.value })} />
        </Field>
        <Field label="Advice to the patient">
          <textarea value={draft.advice} maxLength={2000} onChange={(e) => set({ advice: e.target.value })} />
        </Field>
        <TestsOrdered tests={draft.tests} onChange={(tests) => set({ tests })} />
        <Whiteboard drawing={draft.drawing} hasSaved={current?.hasDrawing ?? false} onChange={(drawing) => set({ drawing })} />
        {d.overrideReason ? (
          <p className="rx-override">
            <strong>Allergy override:</strong> {d.overrideReason}
          </p>
        ) : null}
        {d.warnings.length ? (
          <ul className="rx-warnings" aria-label="Warnings">
            {d.warnings.map((w) => (
              <li key={`${w.prescriptionId}-${w.genericName}`}>
                <strong>Duplicate therapy:</strong> {w.message} ({w.number})
              </li>
            ))}
          </ul>
        ) : null}
        <Problem error={d.problem} />
        <p className="ok" role="status">
          {d.said}
        </p>
        <div className="row actions">
          <button type="submit" disabled={d.busy}>
            Save draft
          </button>
          <button type="button" className="primary" disabled={d.busy} onClick={() => setConfirmSign(true)}>
            Sign…
          </button>
          {d.dirty && current ? <span className="muted">Unsaved changes</span> : null}
        </div>
      </form>
      {confirmSign ? (
        <Dialog
          title={current ? `Sign prescription ${current.number}?` : 'Sign this prescription?'}
          onCancel={() => setConfirmSign(false)}
          choices={[
            {
              label: 'Sign prescription',
              kind: 'primary',
              onChoose: () => {
                setConfirmSign(false);
                void d.sign();
              },
            },
            { label: 'Go back', focus: true, onChoose: () => setConfirmSign(false) },
          ]}
        >
          <p>
            {draft.items.length} {draft.items.length === 1 ? 'medicine' : 'medicines'}. Once signed, the prescription cannot change: a
            correction cancels it and issues a new one.
          </p>
        </Dialog>
      ) : null}
      {d.conflicts ? <AllergyDialog conflicts={d.conflicts.list} onOverride={d.override} onCancel={d.dismissConflicts} /> : null}
    </>
  );
}
