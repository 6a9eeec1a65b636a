// /admin/audit: the audit log, newest first. Filters (who, action, kind of record, one record, one
// patient, days) are applied with Enter or the button and kept in the address, so a reload or a
// shared link shows the same list. An entry opens in place with what it changed (AuditEntry.tsx).
// "Export CSV" downloads the same filter's entries (GET /api/audit/export.csv, which the hub audits
// as "export /api/audit").
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import { stamp } from '../../lib/datetime';
import { downloadFile } from '../../lib/pdf';
import { AdminPage } from './AdminPage';
import { AuditEntryDetails, personName } from './AuditEntry';
import { loadDoctors, loadStaff, useLatest } from './data';
import { fieldsOf, Problem, SelectField, useAction, useSaid } from './parts';
import { FilterButtons, RecordsTable } from './RecordsList';
import type { AuditEntry, AuditList } from './records-contract';
import { dayRange, useOlderPages } from './records-data';
import './records.css';

export default function Audit() {
  return <AdminPage title="Audit log">{() => <AuditPage />}</AdminPage>;
}

interface Filters {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  patientId: string;
  fromDay: string;
  toDay: string;
}

const FILTER_NAMES: readonly (keyof Filters)[] = ['actorId', 'action', 'targetType', 'targetId', 'patientId', 'fromDay', 'toDay'];
const NO_FILTERS: Filters = { actorId: '', action: '', targetType: '', targetId: '', patientId: '', fromDay: '', toDay: '' };

/** Starts of actions an admin often looks for (the filter takes any start). */
const ACTIONS = ['POST /api/', 'PATCH /api/', 'PUT /api/', 'DELETE /api/', 'auth.', 'read ', 'export '];
/** Kinds of record (the API path's first part) the console changes. */
const KINDS = ['locations', 'users', 'doctors', 'appointment-types', 'displays', 'notification-template', 'patients', 'appointments'];

function filtersFromAddress(): Filters {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(FILTER_NAMES.map((name) => [name, q.get(name) ?? ''])) as unknown as Filters;
}

/** The API's query for `filters` (no limit: the export takes the same). */
function queryOf(filters: Filters, to?: string): URLSearchParams {
  const q = new URLSearchParams();
  for (const name of ['actorId', 'action', 'targetType', 'targetId', 'patientId'] as const) if (filters[name]) q.set(name, filters[name]);
  const range = dayRange(filters.fromDay, filters.toDay);
  if (range.from) q.set('from', range.from);
  if (to ?? range.to) q.set('to', (to ?? range.to) as string);
  return q;
}

const loadPeople = async () => {
  const [staff, doctors] = await Promise.all([loadStaff(), loadDoctors()]);
  return [
    ...staff.map((s) => ({ id: s.id, label: `${s.firstName} ${s.lastName} (${s.role}, ${s.email})` })),
    ...doctors.map((d) => ({ id: d.userId, label: `${d.displayName} (doctor)` })),
  ];
};

function AuditPage() {
  const [filters, setFilters] = useState<Filters>(filtersFromAddress);
  const people = useLatest(loadPeople);
  const names = useMemo(() => new Map((people.data ?? []).map((p) => [p.id, p.label])), [people.data]);
  const [open, setOpen] = useState<string | null>(null);
  const { say, saidLine } = useSaid();
  const exporting = useAction();
  /** Grows when the filters are set from outside the form (cleared, or from an entry), so its fields show them. */
  const [formKey, setFormKey] = useState(0);

  const range = dayRange(filters.fromDay, filters.toDay);
  const read = useCallback(
    async (to: string | undefined, limit: number) => {
      const q = queryOf(filters, to);
      q.set('limit', String(limit));
      return (await api<AuditList>('GET', `/api/audit?${q}`)).entries;
    },
    [filters],
  );
  const list = useOlderPages<AuditEntry>(read, range.to);

  function apply(next: Filters, sentence?: string) {
    setFilters(next);
    setOpen(null);
    if (sentence) {
      setFormKey((k) => k + 1);
      say(sentence);
    }
    const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v) as [string, string][]).toString();
    history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}`);
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    apply(Object.fromEntries(FILTER_NAMES.map((name) => [name, f[name] ?? ''])) as unknown as Filters);
  }

  function exportCsv() {
    void exporting.run(async () => {
      const day = new Date().toISOString().slice(0, 10);
      await downloadFile(`/api/audit/export.csv?${queryOf(filters)}`, `audit-${day}.csv`);
      say('The entries this filter finds were exported as CSV. The export itself is in the audit log.', false);
    });
  }

  const entries = list.items ?? [];
  const filtered = FILTER_NAMES.some((name) => filters[name]);

  return (
    <>
      <div className="admin-head">
        <h1>Audit log</h1>
        <button type="button" onClick={exportCsv} disabled={exporting.busy}>
          {exporting.busy ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {saidLine}
      <p className="muted">
        Who changed what, signed in or out, opened a medical record or was refused, newest first. Entries never hold clinical text,
        passwords or tokens.
      </p>
      <Problem error={exporting.error} />
      <search aria-label="Filter the audit log">
        <form key={formKey} className="admin-filters records-filters" onSubmit={submit}>
          <SelectField label="Who">
            {(control) => (
              <select {...control} name="actorId" defaultValue={filters.actorId}>
                <option value="">Anyone</option>
                {filters.actorId && !names.has(filters.actorId) ? <option value={filters.actorId}>{filters.actorId}</option> : null}
                {(people.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            )}
          </SelectField>
          <Field label="Action starts with" hint="e.g. POST /api/doctors, auth.">
            <input name="action" list="audit-actions" defaultValue={filters.action} maxLength={200} autoComplete="off" />
          </Field>
          <datalist id="audit-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <Field label="Kind of record" hint="e.g. doctors, locations">
            <input
              name="targetType"
              list="audit-kinds"
              defaultValue={filters.targetType}
              pattern="[a-z][a-z0-9\-]{0,63}"
              maxLength={64}
              autoComplete="off"
            />
          </Field>
          <datalist id="audit-kinds">
            {KINDS.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <Field label="Record id">
            <input name="targetId" defaultValue={filters.targetId} pattern="[0-9A-Za-z]{26}" maxLength={26} autoComplete="off" />
          </Field>
          <Field label="Patient id" hint="Their record and their visits, notes, invoices…">
            <input name="patientId" defaultValue={filters.patientId} pattern="[0-9A-Za-z]{26}" maxLength={26} autoComplete="off" />
          </Field>
          <Field label="From (day)">
            <input name="fromDay" type="date" min="1970-01-01" max="2099-12-31" defaultValue={filters.fromDay} />
          </Field>
          <Field label="To (day, included)">
            <input name="toDay" type="date" min="1970-01-01" max="2099-12-31" defaultValue={filters.toDay} />
          </Field>
          <FilterButtons filtered={filtered} onClear={() => apply(NO_FILTERS, 'Filters cleared: every entry is listed.')} />
        </form>
      </search>
      <RecordsTable
        list={list}
        loading="Loading the audit log"
        nothing="Nothing has been logged yet."
        filtered={filtered}
        caption="Audit entries, newest first"
        head={
          <>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Record</th>
            <th scope="col">Outcome</th>
            <th scope="col">
              <span className="sr-only">Details</span>
            </th>
          </>
        }
      >
        {entries.map((e) => (
          <AuditRow
            key={e.id}
            entry={e}
            who={personName(e, names)}
            open={open === e.id}
            onToggle={() => setOpen(open === e.id ? null : e.id)}
            onFilter={(more, sentence) => apply({ ...NO_FILTERS, ...more }, sentence)}
          />
        ))}
      </RecordsTable>
    </>
  );
}

function AuditRow(props: {
  entry: AuditEntry;
  who: string;
  open: boolean;
  onToggle: () => void;
  onFilter: (filters: Partial<Filters>, sentence: string) => void;
}) {
  const { entry: e, who, open, onToggle, onFilter } = props;
  const detailsId = `audit-${e.id}`;
  return (
    <>
      <tr>
        <td>
          <time dateTime={e.at}>{stamp(e.at)}</time>
        </td>
        <td>{who}</td>
        <th scope="row">
          <code>{e.action}</code>
          {e.count && e.count > 1 ? <span className="muted admin-sub"> ×{e.count}</span> : null}
        </th>
        <td>
          {e.targetType ?? '—'}
          {e.targetId ? <span className="muted admin-sub records-id"> {e.targetId}</span> : null}
        </td>
        <td>
          <span className={`records-outcome records-${e.outcome}`}>{e.outcome}</span>
          {e.statusCode ? <span className="muted admin-sub"> {e.statusCode}</span> : null}
        </td>
        <td className="admin-actions">
          <button type="button" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={onToggle}>
            {open ? 'Close' : 'Open'}
            <span className="sr-only">
              {' '}
              {e.action} at {stamp(e.at)}
            </span>
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="records-open">
          <td colSpan={6} id={detailsId}>
            <AuditEntryDetails entry={e} who={who} onFilter={onFilter} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
