// /admin/doctors: the clinic's doctors, a form to add one, and the chosen doctor's panel: their
// own fee, their weekly hours (WeekGrid.tsx) and time off (TimeOff.tsx). The chosen doctor is kept
// in the address (?doctor=), so a reload or a shared link opens the same panel.
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Doctor, DoctorPatch, Location } from '../../lib/contract';
import { amountText, money, parseMinor } from '../../lib/money';
import { AdminPage } from './AdminPage';
import { DoctorForm } from './DoctorForm';
import { loadDoctors, loadLocations, useLatest } from './data';
import { minutesText, Problem, useAction, useSaid } from './parts';
import { TimeOff } from './TimeOff';
import { WeekGrid } from './WeekGrid';

export default function Doctors() {
  return <AdminPage title="Doctors">{() => <DoctorsPage />}</AdminPage>;
}

function remember(doctorId: string | null) {
  const q = new URLSearchParams(location.search);
  if (doctorId) q.set('doctor', doctorId);
  else q.delete('doctor');
  const search = q.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
}

function DoctorsPage() {
  const doctors = useLatest(loadDoctors);
  const locations = useLatest(loadLocations);
  const { say, saidLine } = useSaid();
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string | null>(() => new URLSearchParams(location.search).get('doctor'));
  const [place, setPlace] = useState('');
  const opener = useRef<HTMLElement | null>(null);

  const sites = locations.data ?? [];
  const byId = useMemo(() => new Map(sites.map((l) => [l.id, l])), [sites]);
  const specialties = useMemo(() => [...new Set((doctors.data ?? []).map((d) => d.specialization))].sort(), [doctors.data]);
  const shown = (doctors.data ?? []).filter((d) => !place || d.locationId === place);
  const doctor = doctors.data?.find((d) => d.id === chosen) ?? null;

  function choose(id: string | null) {
    setChosen(id);
    remember(id);
  }

  return (
    <>
      <div className="admin-head">
        <h1>Doctors</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={adding}
          disabled={sites.length === 0}
          onClick={(e) => {
            opener.current = e.currentTarget;
            setAdding(!adding);
          }}
        >
          Add a doctor
        </button>
      </div>
      {saidLine}
      {locations.data && sites.length === 0 ? (
        <p>
          Doctors work at a location: <a href="/admin/locations">add a location</a> first.
        </p>
      ) : null}
      {adding ? (
        <DoctorForm
          locations={sites}
          specialties={specialties}
          onCancel={() => {
            setAdding(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
          onSaved={(made) => {
            setAdding(false);
            choose(made.id);
            void doctors.reload();
            // The panel below takes the focus; the sentence is read out from the status line.
            say(`${made.displayName} added. Set their weekly hours below.`, false);
          }}
        />
      ) : null}
      {sites.length > 1 ? (
        <form className="admin-filters" aria-label="Filter doctors" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="doctors-place">Location</label>
            <select id="doctors-place" value={place} onChange={(e) => setPlace(e.target.value)}>
              <option value="">Every location</option>
              {sites.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        </form>
      ) : null}
      <Problem error={doctors.error ?? locations.error} />
      {!doctors.data ? (
        doctors.error ? null : (
          <Loading what="Loading doctors" />
        )
      ) : shown.length === 0 ? (
        <Empty>No doctors {place ? 'at this location ' : ''}yet.</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label="Doctors">
            <thead>
              <tr>
                <th scope="col">Doctor</th>
                <th scope="col">Location and room</th>
                <th scope="col">Visit length</th>
                <th scope="col">Own fee</th>
                <th scope="col">Licence</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => {
                const site = byId.get(d.locationId);
                return (
                  <tr key={d.id} aria-current={d.id === chosen ? 'true' : undefined}>
                    <th scope="row">
                      {d.displayName}
                      <div className="muted admin-sub">{d.specialization}</div>
                    </th>
                    <td>
                      {site?.name ?? '—'}
                      <div className="muted admin-sub">Room {d.room}</div>
                    </td>
                    <td>{minutesText(d.consultationMinutes)}</td>
                    <td>{d.feeMinor === null ? <span className="muted">Type’s price</span> : money(d.feeMinor, site?.currency)}</td>
                    <td>{d.licenseNumber}</td>
                    <td className="admin-actions">
                      <button
                        type="button"
                        aria-expanded={d.id === chosen}
                        aria-controls={d.id === chosen ? 'doctor-panel' : undefined}
                        onClick={() => choose(d.id === chosen ? null : d.id)}
                      >
                        Hours and time off<span className="sr-only"> of {d.displayName}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {doctor ? (
        <DoctorPanel key={doctor.id} doctor={doctor} locations={sites} onSaved={say} onChanged={() => void doctors.reload()} />
      ) : null}
    </>
  );
}

function DoctorPanel({
  doctor,
  locations,
  onSaved,
  onChanged,
}: {
  doctor: Doctor;
  locations: Location[];
  onSaved: (sentence: string, focus?: boolean) => void;
  onChanged: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const site = locations.find((l) => l.id === doctor.locationId);
  // Each part says what it saved without moving the focus away from where the admin is working.
  const quietly = (sentence: string) => onSaved(sentence, false);
  return (
    <section id="doctor-panel" className="admin-doctor stack" aria-labelledby="doctor-panel-title">
      <h2 id="doctor-panel-title" ref={heading} tabIndex={-1}>
        {doctor.displayName}
      </h2>
      <p className="muted">
        {doctor.specialization} · {site?.name ?? 'Unknown location'}, room {doctor.room} · visits of{' '}
        {minutesText(doctor.consultationMinutes)} · queue tickets {doctor.ticketPrefix}-001, {doctor.ticketPrefix}-002…
      </p>
      {locations.length > 0 ? <WeekGrid doctor={doctor} locations={locations} onSaved={quietly} /> : null}
      <div className="admin-doctor-parts">
        <TimeOff doctor={doctor} zone={site?.timezone ?? 'UTC'} onSaved={quietly} />
        <FeeForm
          doctor={doctor}
          currency={site?.currency}
          onSaved={(s) => {
            quietly(s);
            onChanged();
          }}
        />
      </div>
    </section>
  );
}

/** The doctor's own consultation fee (PATCH /api/doctors/:id {feeMinor}); empty: the type's price. */
function FeeForm({ doctor, currency, onSaved }: { doctor: Doctor; currency?: string; onSaved: (sentence: string) => void }) {
  const id = useId();
  const { busy, error, setError, run } = useAction();
  const [text, setText] = useState(doctor.feeMinor === null ? '' : amountText(doctor.feeMinor, currency));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fee = parseMinor(text, currency);
    if (fee === null) {
      setError(`That is not an amount: type it as ${amountText(4500, currency)}, or leave it empty.`);
      return;
    }
    const feeMinor = fee ?? null;
    if (feeMinor === doctor.feeMinor) {
      setError('That is the fee already.');
      return;
    }
    void run(async () => {
      const saved = await api<Doctor>('PATCH', `/api/doctors/${doctor.id}`, { feeMinor } satisfies DoctorPatch);
      onSaved(
        saved.feeMinor === null
          ? `${saved.displayName} is billed at the appointment type’s price again.`
          : `${saved.displayName}’s own fee is now ${money(saved.feeMinor, currency)}.`,
      );
    });
  }

  return (
    <form className="card admin-form" aria-labelledby={`${id}-title`} onSubmit={submit}>
      <h3 id={`${id}-title`}>Own fee</h3>
      <div className="row admin-fee">
        <Field
          label={`Fee per visit${currency ? ` (${currency})` : ''}`}
          hint="Billed instead of the appointment type’s price from the next completed visit; empty: the type’s price."
        >
          <input value={text} onChange={(e) => setText(e.target.value)} inputMode="decimal" autoComplete="off" className="admin-amount" />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save fee'}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}
