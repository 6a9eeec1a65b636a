// The patient is allergic to something on the prescription: each conflict named ("Amoxicillin —
// recorded allergy: Penicillin (class penicillins)"), and a reason required to prescribe anyway.
// The reason is recorded with the prescription and printed on it.
import { ReasonDialog } from './ReasonDialog';
import type { Conflict } from './use-draft';

const how = (c: Conflict) => (c.matchedOn === 'class' ? `class ${c.term}` : `same medicine: ${c.term}`);

interface Props {
  conflicts: Conflict[];
  onOverride: (reason: string) => Promise<void>;
  onCancel: () => void;
}

export function AllergyDialog({ conflicts, onOverride, onCancel }: Props) {
  return (
    <ReasonDialog
      title="Allergy conflict"
      reasonLabel="Reason to prescribe anyway (recorded and printed)"
      required
      confirm="Prescribe anyway"
      danger
      onConfirm={onOverride}
      onCancel={onCancel}
    >
      <p>This prescription matches the patient’s recorded allergies:</p>
      <ul className="rx-conflicts">
        {conflicts.map((c) => (
          <li key={`${c.itemIndex}-${c.allergy}`}>
            <strong>{c.medication}</strong> — recorded allergy: {c.allergy} ({how(c)})
          </li>
        ))}
      </ul>
      <p>Change the prescription, or give your reason to prescribe it anyway.</p>
    </ReasonDialog>
  );
}
