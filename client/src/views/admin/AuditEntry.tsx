// One audit entry opened: who, from where, about which record, and what it changed as a table of
// fields with their values before and after. A field whose values are clinical or secret is named
// only (the hub never keeps them); a creation has nothing before, a removal nothing after.
import type { AuditChange, AuditEntry } from './records-contract';

/** Who did it, as the admin knows them: a name from the staff and doctor lists, else the role and id. */
export function personName(entry: AuditEntry, names: ReadonlyMap<string, string>): string {
  if (!entry.actorId) return entry.count ? 'Not signed in' : 'Nobody (the system or anonymous)';
  return names.get(entry.actorId) ?? `${entry.actorRole ?? 'someone'} ${entry.actorId}`;
}

/** A kept value as text: nothing is "—", lists and objects as JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const kept = (c: AuditChange) => 'from' in c || 'to' in c;

export function AuditEntryDetails({
  entry: e,
  who,
  onFilter,
}: {
  entry: AuditEntry;
  who: string;
  onFilter: (filters: { actorId?: string; targetId?: string; patientId?: string }, sentence: string) => void;
}) {
  const facts: [string, string | null | undefined][] = [
    ['When', new Date(e.at).toLocaleString()],
    ['Who', e.actorRole && e.actorId ? `${who} · ${e.actorRole}` : who],
    ['Record', e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}` : null],
    ['Patient', e.patientId],
    ['Outcome', `${e.outcome}${e.statusCode ? ` (${e.statusCode})` : ''}`],
    ['Why the record was opened', e.accessReason],
    [
      'Asked for',
      e.details
        ? Object.entries(e.details)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')
        : null,
    ],
    ['How many', e.count ? `${e.count}, the last at ${new Date(e.lastAt ?? e.at).toLocaleString()}` : null],
    ['From address', e.ip],
    ['Browser', e.userAgent],
    ['Request id', e.requestId],
  ];
  return (
    <section className="records-entry" aria-label={`Entry ${e.action}`}>
      <dl className="records-facts">
        {facts
          .filter(([, v]) => v)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <Changes changes={e.changes} />
      <div className="row">
        {e.actorId ? (
          <button type="button" onClick={() => onFilter({ actorId: e.actorId as string }, `Showing what ${who} did.`)}>
            Everything by this person
          </button>
        ) : null}
        {e.targetId ? (
          <button
            type="button"
            onClick={() => onFilter({ targetId: e.targetId as string }, `Showing the entries about ${e.targetType} ${e.targetId}.`)}
          >
            Everything about this record
          </button>
        ) : null}
        {e.patientId ? (
          <button
            type="button"
            onClick={() => onFilter({ patientId: e.patientId as string }, `Showing the entries about patient ${e.patientId}.`)}
          >
            Everything about this patient
          </button>
        ) : null}
      </div>
    </section>
  );
}

function Changes({ changes }: { changes: AuditChange[] | null }) {
  if (changes === null) return <p className="muted">This entry records no change of fields.</p>;
  if (changes.length === 0) return <p className="muted">Nothing changed.</p>;
  return (
    <table className="admin-table records-changes">
      <caption>Changed fields, before and after</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">
              <code>{c.field}</code>
            </th>
            {kept(c) ? (
              <>
                <td className="records-before">{valueText(c.from)}</td>
                <td className="records-after">{valueText(c.to)}</td>
              </>
            ) : (
              <td colSpan={2} className="muted">
                Changed; its values are not kept (clinical or secret).
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
