// /admin/appointment-types: the kinds of visit, their length and price, a form to add one, a
// row's name, length and price changed in place (PATCH /api/appointment-types/:id), and whether it
// is offered (retired ones stay listed, marked, and can be offered again). A price is in
// minor units of the visit location's currency: with one currency across the clinic it is written
// in it, else as a plain amount.
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { AppointmentType, AppointmentTypeInput, AppointmentTypePatch } from '../../lib/contract';
import { amountText, money, parseMinor } from '../../lib/money';
import { AdminPage } from './AdminPage';
import { loadAllTypes, loadLocations, useLatest } from './data';
import { AdminForm, fieldsOf, minutesText, Problem, useAction, useSaid } from './parts';

export default function AppointmentTypes() {
  return <AdminPage title="Appointment types">{() => <TypesPage />}</AdminPage>;
}

/** "Follow-up visit" → "follow-up-visit": a key as the hub accepts it. */
export const keyOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** An amount typed for a price: minor units, null for "not priced", or a sentence when it is not one. */
function priceOf(text: string, currency: string | undefined): number | null | string {
  const minor = parseMinor(text, currency);
  if (minor === null) return `That is not a price: type it as ${amountText(6000, currency)}, or leave it empty.`;
  return minor ?? null;
}

function TypesPage() {
  const types = useLatest(loadAllTypes);
  const toggle = useAction();
  const locations = useLatest(loadLocations);
  const { say, saidLine } = useSaid();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const currencies = useMemo(() => [...new Set((locations.data ?? []).map((l) => l.currency))], [locations.data]);
  const currency = currencies.length === 1 ? currencies[0] : undefined;
  const sorted = useMemo(() => [...(types.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [types.data]);

  return (
    <>
      <div className="admin-head">
        <h1>Appointment types</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={adding}
          onClick={(e) => {
            opener.current = e.currentTarget;
            setAdding(!adding);
          }}
        >
          Add a type
        </button>
      </div>
      {saidLine}
      <p className="muted">
        {currency ? `Prices are in ${currency}.` : 'Prices are in the currency of the location of each visit.'} A new price bills visits
        completed from then on; invoices already made keep theirs. A doctor’s own fee, when set, is billed instead.
      </p>
      {adding ? (
        <TypeForm
          currency={currency}
          onCancel={() => {
            setAdding(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
          onSaved={(made) => {
            setAdding(false);
            void types.reload();
            say(`Appointment type “${made.name}” added.`);
          }}
        />
      ) : null}
      <Problem error={types.error ?? toggle.error} />
      {!types.data ? (
        types.error ? null : (
          <Loading what="Loading appointment types" />
        )
      ) : sorted.length === 0 ? (
        <Empty>No appointment types yet: visits are booked at each doctor’s own length.</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label="Appointment types">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Length</th>
                <th scope="col">Price</th>
                <th scope="col">Offered</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((t) =>
                t.id === editing ? (
                  <TypeRow
                    key={t.id}
                    type={t}
                    currency={currency}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) {
                        void types.reload();
                        say(`Appointment type “${saved.name}” saved.`);
                      } else requestAnimationFrame(() => opener.current?.focus());
                    }}
                  />
                ) : (
                  <tr key={t.id} className={t.active ? undefined : 'inactive'}>
                    <th scope="row">
                      {t.name}
                      {t.active ? null : <span className="muted admin-sub"> (not offered)</span>}
                    </th>
                    <td>
                      <code>{t.key}</code>
                    </td>
                    <td>{minutesText(t.durationMinutes)}</td>
                    <td>{t.priceMinor === null ? <span className="muted">Not priced</span> : money(t.priceMinor, currency)}</td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Offered: ${t.name}`}
                        checked={t.active}
                        // Not disabled while saving: a disabled box would lose the focus. A second press waits.
                        aria-busy={toggle.busy || undefined}
                        onChange={() =>
                          // The focus stays on the box; the status line reads the outcome out.
                          !toggle.busy &&
                          void toggle.run(async () => {
                            const saved = await api<AppointmentType>('PATCH', `/api/appointment-types/${t.id}`, {
                              active: !t.active,
                            } satisfies AppointmentTypePatch);
                            await types.reload();
                            say(
                              saved.active
                                ? `“${saved.name}” is offered again.`
                                : `“${saved.name}” is no longer offered: new bookings of it are refused; visits booked with it keep it.`,
                              false,
                            );
                          })
                        }
                      />
                    </td>
                    <td className="admin-actions">
                      <button
                        type="button"
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          setEditing(t.id);
                        }}
                      >
                        Change<span className="sr-only"> {t.name}</span>
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** A type's row as a small form: name, length and price; Enter saves, Escape leaves it as it was. */
function TypeRow({
  type,
  currency,
  onDone,
}: {
  type: AppointmentType;
  currency?: string;
  onDone: (saved: AppointmentType | null) => void;
}) {
  const first = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(type.name);
  const [minutes, setMinutes] = useState(String(type.durationMinutes));
  const [price, setPrice] = useState(type.priceMinor === null ? '' : amountText(type.priceMinor, currency));
  const { busy, error, setError, run } = useAction();
  useEffect(() => first.current?.focus(), []);

  function save() {
    const priceMinor = priceOf(price, currency);
    if (typeof priceMinor === 'string') {
      setError(priceMinor);
      return;
    }
    const patch: AppointmentTypePatch = {};
    if (name.trim() !== type.name) patch.name = name.trim();
    if (Number(minutes) !== type.durationMinutes) patch.durationMinutes = Number(minutes);
    if (priceMinor !== type.priceMinor) patch.priceMinor = priceMinor;
    if (Object.keys(patch).length === 0) {
      onDone(null);
      return;
    }
    void run(async () => onDone(await api<AppointmentType>('PATCH', `/api/appointment-types/${type.id}`, patch)));
  }
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      save();
    }
    if (e.key === 'Escape') onDone(null);
  };

  return (
    <tr onKeyDown={keys}>
      <th scope="row">
        <input ref={first} aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        <Problem error={error} />
      </th>
      <td>
        <code>{type.key}</code>
      </td>
      <td>
        <input
          aria-label="Length in minutes"
          type="number"
          min={5}
          max={480}
          step={5}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          className="admin-narrow"
        />
      </td>
      <td>
        <input
          aria-label={`Price${currency ? ` (${currency})` : ''}`}
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          className="admin-narrow"
          placeholder="Not priced"
        />
      </td>
      <td>{type.active ? 'Yes' : 'No'}</td>
      <td className="admin-actions">
        <button type="button" className="primary" disabled={busy} onClick={save}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </td>
    </tr>
  );
}

function TypeForm({ currency, onSaved, onCancel }: { currency?: string; onSaved: (t: AppointmentType) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    const priceMinor = priceOf(f.price ?? '', currency);
    if (typeof priceMinor === 'string') {
      setError(priceMinor);
      return;
    }
    const body: AppointmentTypeInput = {
      key: key ?? keyOf(name),
      name: name.trim(),
      durationMinutes: Number(f.durationMinutes),
      ...(priceMinor !== null ? { priceMinor } : {}),
    };
    void run(async () => onSaved(await api<AppointmentType>('POST', '/api/appointment-types', body)));
  }

  return (
    <AdminForm
      title={'Add an appointment type'}
      error={error}
      busy={busy}
      submit={'Add type'}
      busyLabel={'Adding…'}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="admin-fields">
        <Field label="Name" hint="As patients and staff read it, e.g. First visit">
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Key" hint="Lower-case letters, digits and dashes; it cannot change later.">
          <input
            name="key"
            value={key ?? keyOf(name)}
            onChange={(e) => setKey(e.target.value)}
            required
            maxLength={40}
            pattern="[a-z0-9][a-z0-9\-]*"
            autoComplete="off"
          />
        </Field>
        <Field label="Length (minutes)">
          <input name="durationMinutes" type="number" min={5} max={480} step={5} required defaultValue={30} />
        </Field>
        <Field label={`Price${currency ? ` (${currency})` : ''}, optional`} hint="Empty: not priced.">
          <input name="price" inputMode="decimal" autoComplete="off" />
        </Field>
      </div>
    </AdminForm>
  );
}
