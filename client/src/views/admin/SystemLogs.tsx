// /admin/system-logs: what went wrong where nobody was looking (GET /api/system-logs, kept 90
// days): background jobs that failed, webhook calls the hub refused, processes that could not
// start. Filtered by source, level and days (kept in the address), newest first, older pages on
// request.
import { type FormEvent, useCallback, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import { stamp } from '../../lib/datetime';
import { AdminPage } from './AdminPage';
import { fieldsOf, SelectField, useSaid } from './parts';
import { FilterButtons, RecordsTable } from './RecordsList';
import type { SystemLogEntry, SystemLogList } from './records-contract';
import { dayRange, useOlderPages } from './records-data';
import './records.css';

export default function SystemLogs() {
  return <AdminPage title="System log">{() => <SystemLogsPage />}</AdminPage>;
}

const SOURCES: readonly { value: string; label: string }[] = [
  { value: 'jobs', label: 'Background jobs' },
  { value: 'stripe-webhook', label: 'Stripe webhook' },
  { value: 'sms-webhook', label: 'SMS webhook' },
  { value: 'server', label: 'Server start-up' },
  { value: 'worker', label: 'Worker start-up' },
];
const LEVELS: readonly { value: string; label: string }[] = [
  { value: 'error', label: 'Errors' },
  { value: 'warn', label: 'Warnings' },
  { value: 'info', label: 'Information' },
];
const LEVEL_WORD: Record<string, string> = { error: 'Error', warn: 'Warning', info: 'Info' };

interface Filters {
  source: string;
  level: string;
  fromDay: string;
  toDay: string;
}
const NAMES: readonly (keyof Filters)[] = ['source', 'level', 'fromDay', 'toDay'];
const NO_FILTERS: Filters = { source: '', level: '', fromDay: '', toDay: '' };

function filtersFromAddress(): Filters {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(NAMES.map((name) => [name, q.get(name) ?? ''])) as unknown as Filters;
}

/** "queue: reminders · attempts: 3": the ids and codes an entry carries. */
const detailsText = (details: Record<string, unknown> | null) =>
  details
    ? Object.entries(details)
        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join(' · ')
    : '';

function SystemLogsPage() {
  const [filters, setFilters] = useState<Filters>(filtersFromAddress);
  const [formKey, setFormKey] = useState(0);
  const { say, saidLine } = useSaid();
  const range = dayRange(filters.fromDay, filters.toDay);
  const read = useCallback(
    async (to: string | undefined, limit: number) => {
      const q = new URLSearchParams({ limit: String(limit) });
      if (filters.source) q.set('source', filters.source);
      if (filters.level) q.set('level', filters.level);
      const { from } = dayRange(filters.fromDay, filters.toDay);
      if (from) q.set('from', from);
      if (to) q.set('to', to);
      return (await api<SystemLogList>('GET', `/api/system-logs?${q}`)).logs;
    },
    [filters],
  );
  const list = useOlderPages<SystemLogEntry>(read, range.to);

  function apply(next: Filters) {
    setFilters(next);
    const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v) as [string, string][]).toString();
    history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}`);
  }
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    apply(Object.fromEntries(NAMES.map((name) => [name, f[name] ?? ''])) as unknown as Filters);
  }
  const filtered = NAMES.some((name) => filters[name]);
  const logs = list.items ?? [];

  return (
    <>
      <div className="admin-head">
        <h1>System log</h1>
        <button type="button" onClick={() => void list.reload()} disabled={list.loading}>
          {list.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {saidLine}
      <p className="muted">
        Failed background jobs (a warning while they will be tried again, an error once they give up), webhook calls the hub refused, and
        start-up failures, newest first. Kept 90 days; never personal or clinical data.
      </p>
      <search aria-label="Filter the system log">
        <form key={formKey} className="admin-filters records-filters" onSubmit={submit}>
          <SelectField label="Source">
            {(control) => (
              <select {...control} name="source" defaultValue={filters.source}>
                <option value="">Every source</option>
                {SOURCES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </SelectField>
          <SelectField label="Level">
            {(control) => (
              <select {...control} name="level" defaultValue={filters.level}>
                <option value="">Every level</option>
                {LEVELS.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
            )}
          </SelectField>
          <Field label="From (day)">
            <input name="fromDay" type="date" min="1970-01-01" max="2099-12-31" defaultValue={filters.fromDay} />
          </Field>
          <Field label="To (day, included)">
            <input name="toDay" type="date" min="1970-01-01" max="2099-12-31" defaultValue={filters.toDay} />
          </Field>
          <FilterButtons
            filtered={filtered}
            onClear={() => {
              apply(NO_FILTERS);
              setFormKey((k) => k + 1);
              say('Filters cleared: every entry is listed.');
            }}
          />
        </form>
      </search>
      <RecordsTable
        list={list}
        loading="Loading the system log"
        nothing="Nothing has gone wrong in the last 90 days."
        filtered={filtered}
        caption="System log entries, newest first"
        head={
          <>
            <th scope="col">When</th>
            <th scope="col">Level</th>
            <th scope="col">Source</th>
            <th scope="col">Event</th>
            <th scope="col">Message</th>
            <th scope="col">Details</th>
          </>
        }
      >
        {logs.map((l) => (
          <tr key={l.id}>
            <td>
              <time dateTime={l.at}>{stamp(l.at)}</time>
            </td>
            <td>
              <span className={`records-level records-${l.level}`}>{LEVEL_WORD[l.level] ?? l.level}</span>
            </td>
            <td>{SOURCES.find((s) => s.value === l.source)?.label ?? l.source}</td>
            <th scope="row">
              <code>{l.event}</code>
            </th>
            <td>{l.message}</td>
            <td className="records-details">{detailsText(l.details)}</td>
          </tr>
        ))}
      </RecordsTable>
    </>
  );
}
