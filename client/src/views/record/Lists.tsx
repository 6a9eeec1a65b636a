// The structured record as read: allergies (severity first, in words and a badge, never colour
// alone), problems, current medicines (prescribed here and taken elsewhere) and history. The
// doctor's chart and the patient's portal show the same lists; only the chart adds forms.
import './record.css';
import type { ReactNode } from 'react';
import { Empty } from '../../components/ui';
import type { Allergy, Condition, MedicalRecord, RecordMedication } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';

export const SEVERITY: Record<Allergy['severity'], string> = {
  severe: 'Severe',
  moderate: 'Moderate',
  mild: 'Mild',
  unknown: 'Severity not known',
};
const ORDER: Allergy['severity'][] = ['severe', 'moderate', 'mild', 'unknown'];

export const activeAllergies = (list: readonly Allergy[]) =>
  list.filter((a) => a.status === 'active').sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));

/** `actions`: what the chart offers beside each entry (corrections); the portal offers none. */
export function AllergyList({
  allergies,
  label,
  actions,
}: {
  allergies: readonly Allergy[];
  label: string;
  actions?: (a: Allergy) => ReactNode;
}) {
  const shown = activeAllergies(allergies);
  if (!shown.length) return null;
  return (
    <ul className="record-list allergy-list" aria-label={label}>
      {shown.map((a) => (
        <li key={a.id}>
          <span className={`severity sev-${a.severity}`}>{SEVERITY[a.severity]}</span> <strong>{a.substance}</strong>
          {a.reaction ? <span> · {a.reaction}</span> : null}
          {a.recordedBy ? <small className="muted"> · recorded by {a.recordedBy.name}</small> : null}
          {actions?.(a)}
        </li>
      ))}
    </ul>
  );
}

export function ConditionList({
  conditions,
  label,
  actions,
}: {
  conditions: readonly Condition[];
  label: string;
  actions?: (c: Condition) => ReactNode;
}) {
  if (!conditions.length) return <Empty>No problems recorded.</Empty>;
  const sorted = [...conditions].sort((a, b) => (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1));
  return (
    <ul className="record-list" aria-label={label}>
      {sorted.map((c) => (
        <li key={c.id}>
          {c.code ? <code>{c.code}</code> : null} <strong>{c.description}</strong>
          {c.status === 'resolved' ? <span className="pill">Resolved{c.resolvedOn ? ` ${fullDate(c.resolvedOn)}` : ''}</span> : null}
          {c.onset ? <small className="muted"> · since {fullDate(c.onset)}</small> : null}
          {actions?.(c)}
        </li>
      ))}
    </ul>
  );
}

export function MedicationList({
  medications,
  label,
  actions,
}: {
  medications: readonly RecordMedication[];
  label: string;
  actions?: (m: RecordMedication) => ReactNode;
}) {
  const current = medications.filter((m) => m.status === 'active');
  if (!current.length) return <Empty>No current medicines recorded.</Empty>;
  return (
    <ul className="record-list" aria-label={label}>
      {current.map((m) => (
        <li key={m.id}>
          <strong>{m.name}</strong>
          {[m.dose, m.frequency].filter(Boolean).length ? <span> · {[m.dose, m.frequency].filter(Boolean).join(', ')}</span> : null}
          <small className="muted">
            {' '}
            · {m.source === 'prescription' ? 'prescribed here' : 'taken elsewhere'}
            {m.startedOn ? `, since ${fullDate(m.startedOn)}` : ''}
          </small>
          {actions?.(m)}
        </li>
      ))}
    </ul>
  );
}

const HISTORY: { key: keyof MedicalRecord['history']; title: string }[] = [
  { key: 'surgical', title: 'Surgical' },
  { key: 'family', title: 'Family' },
  { key: 'social', title: 'Social' },
];

export function HistoryList({ history }: { history: MedicalRecord['history'] }) {
  const parts = HISTORY.filter((h) => history[h.key].length);
  if (!parts.length) return <Empty>No history recorded.</Empty>;
  return (
    <dl className="history">
      {parts.map((h) => (
        <div key={h.key}>
          <dt>{h.title}</dt>
          {history[h.key].map((e) => (
            <dd key={e.id}>
              {e.description}
              {e.relation ? ` (${e.relation})` : ''}
              {e.occurredOn ? <small className="muted"> · {fullDate(e.occurredOn)}</small> : null}
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
