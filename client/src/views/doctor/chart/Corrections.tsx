// Correcting the chart's entries where they are listed: an allergy no longer relevant or recorded
// in error, a problem resolved or recorded in error, a medicine taken elsewhere stopped. Nothing is
// deleted (the hub keeps the entry, marked); each change asks to be confirmed with a second press,
// then the chart reads the part again. Prescribed medicines change through their prescription.
import { useState } from 'react';
import { api } from '../../../lib/api';
import type { Allergy, ChartPart, Condition, RecordMedication } from '../../../lib/contract';
import { Problem } from '../Problem';

/** Today as the clinic's calendar has it (YYYY-MM-DD). */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

interface Action {
  label: string;
  /** What the confirming press says. */
  confirm: string;
  send: () => Promise<unknown>;
}

/** A row of small actions, each pressed twice (press, then confirm); the part is read again after. */
function Actions({
  what,
  actions,
  part,
  onChanged,
}: {
  what: string;
  actions: Action[];
  part: ChartPart;
  onChanged: (part: ChartPart) => void;
}) {
  const [armed, setArmed] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  async function press(i: number) {
    if (armed !== i) return setArmed(i);
    setBusy(true);
    setProblem(null);
    try {
      await actions[i]!.send();
      setArmed(null);
      onChanged(part);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="entry-actions">
      {actions.map((a, i) => (
        <button
          key={a.label}
          type="button"
          className="small"
          disabled={busy}
          aria-label={`${armed === i ? a.confirm : a.label}: ${what}`}
          onClick={() => press(i)}
        >
          {armed === i ? a.confirm : a.label}
        </button>
      ))}
      {armed !== null ? (
        <button type="button" className="small" onClick={() => setArmed(null)}>
          Keep it
        </button>
      ) : null}
      <Problem error={problem} />
    </span>
  );
}

type OnChanged = (part: ChartPart) => void;

export function AllergyActions({ allergy, onChanged }: { allergy: Allergy; onChanged: OnChanged }) {
  const patch = (status: 'inactive' | 'entered_in_error') => () => api('PATCH', `/api/allergies/${allergy.id}`, { status });
  return (
    <Actions
      what={allergy.substance}
      part="allergies"
      onChanged={onChanged}
      actions={[
        { label: 'No longer relevant', confirm: 'Confirm: no longer relevant', send: patch('inactive') },
        { label: 'Recorded in error', confirm: 'Confirm: recorded in error', send: patch('entered_in_error') },
      ]}
    />
  );
}

export function ConditionActions({ condition, timeZone, onChanged }: { condition: Condition; timeZone: string; onChanged: OnChanged }) {
  const url = `/api/conditions/${condition.id}`;
  const resolve: Action = {
    label: 'Resolved',
    confirm: 'Confirm: resolved today',
    send: () => api('PATCH', url, { status: 'resolved', resolvedOn: todayIn(timeZone) }),
  };
  const wrong: Action = {
    label: 'Recorded in error',
    confirm: 'Confirm: recorded in error',
    send: () => api('PATCH', url, { status: 'entered_in_error' }),
  };
  return (
    <Actions
      what={condition.description}
      part="conditions"
      onChanged={onChanged}
      actions={condition.status === 'active' ? [resolve, wrong] : [wrong]}
    />
  );
}

export function MedicationActions({
  medication,
  timeZone,
  onChanged,
}: {
  medication: RecordMedication;
  timeZone: string;
  onChanged: OnChanged;
}) {
  if (medication.source !== 'elsewhere') return null;
  const url = `/api/patient-medications/${medication.id}`;
  return (
    <Actions
      what={medication.name}
      part="medications"
      onChanged={onChanged}
      actions={[
        { label: 'Stopped', confirm: 'Confirm: stopped today', send: () => api('PATCH', url, { stoppedOn: todayIn(timeZone) }) },
        {
          label: 'Recorded in error',
          confirm: 'Confirm: recorded in error',
          send: () => api('PATCH', url, { status: 'entered_in_error' }),
        },
      ]}
    />
  );
}
