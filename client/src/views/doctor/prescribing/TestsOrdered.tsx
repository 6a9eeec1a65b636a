// Tests ordered with the prescription: a name and how soon (routine, urgent, stat) each.
import { Field } from '../../../components/ui';
import { newKey, type Priority, type TestDraft } from './draft';

const PRIORITIES: { value: Priority; label: string }[] = [
  { value: 'routine', label: 'Routine' },
  { value: 'urgent', label: 'Urgent' },
  { value: 'stat', label: 'Stat (at once)' },
];

export function TestsOrdered({ tests, onChange }: { tests: TestDraft[]; onChange: (tests: TestDraft[]) => void }) {
  const set = (key: string, patch: Partial<TestDraft>) => onChange(tests.map((t) => (t.key === key ? { ...t, ...patch } : t)));
  return (
    <fieldset className="rx-tests">
      <legend>Tests to order</legend>
      {tests.length === 0 ? <p className="muted empty">None.</p> : null}
      {tests.map((t, n) => (
        <div key={t.key} className="row rx-test">
          <Field label={`Test ${n + 1}`}>
            <input value={t.name} placeholder="Full blood count" maxLength={200} onChange={(e) => set(t.key, { name: e.target.value })} />
          </Field>
          <Field label={`Priority of test ${n + 1}`}>
            <select value={t.priority} onChange={(e) => set(t.key, { priority: e.target.value as Priority })}>
              {PRIORITIES.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </Field>
          <button type="button" className="small" onClick={() => onChange(tests.filter((x) => x.key !== t.key))}>
            Remove test {n + 1}
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...tests, { key: newKey(), name: '', priority: 'routine' }])}>
        Add a test
      </button>
    </fieldset>
  );
}
