// /admin/doctors: the clinic's doctors (deactivated ones too, marked), a form to add one, and the
// chosen doctor's panel (DoctorPanel.tsx): their profile, deactivating them, their weekly hours and
// time off. The chosen doctor is kept in the address (?doctor=), so a reload or a shared link opens
// the same panel.
import { useMemo, useRef, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { fullDate } from '../../lib/datetime';
import { money } from '../../lib/money';
import { AdminPage } from './AdminPage';
import { DoctorForm } from './DoctorForm';
import { DoctorPanel } from './DoctorPanel';
import { loadAllDoctors, loadAllLocations, useLatest } from './data';
import { minutesText, Problem, useSaid } from './parts';

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
  const doctors = useLatest(loadAllDoctors);
  const locations = useLatest(loadAllLocations);
  const { say, saidLine } = useSaid();
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string | null>(() => new URLSearchParams(location.search).get('doctor'));
  const [place, setPlace] = useState('');
  const opener = useRef<HTMLElement | null>(null);

  // New doctors and weekly hours go to open locations only; names are looked up among all.
  const sites = useMemo(() => (locations.data ?? []).filter((l) => l.active), [locations.data]);
  const byId = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l])), [locations.data]);
  const specialties = useMemo(() => [...new Set((doctors.data ?? []).flatMap((d) => d.specialties))].sort(), [doctors.data]);
  // Active doctors first; the list is sorted by name already.
  const shown = (doctors.data ?? []).filter((d) => !place || d.locationId === place).sort((a, b) => Number(b.active) - Number(a.active));
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
                  <tr key={d.id} aria-current={d.id === chosen ? 'true' : undefined} className={d.active ? undefined : 'inactive'}>
                    <th scope="row">
                      {d.displayName}
                      {d.active ? null : <span className="admin-sub"> (deactivated)</span>}
                      <div className="muted admin-sub">{d.specialties.join(', ') || d.specialization}</div>
                    </th>
                    <td>
                      {site?.name ?? '—'}
                      <div className="muted admin-sub">Room {d.room}</div>
                    </td>
                    <td>{minutesText(d.consultationMinutes)}</td>
                    <td>{d.feeMinor === null ? <span className="muted">Type’s price</span> : money(d.feeMinor, site?.currency)}</td>
                    <td>
                      {d.licenseNumber}
                      {d.licenseExpiresOn ? <div className="muted admin-sub">Expires {fullDate(d.licenseExpiresOn)}</div> : null}
                    </td>
                    <td className="admin-actions">
                      <button
                        type="button"
                        aria-expanded={d.id === chosen}
                        aria-controls={d.id === chosen ? 'doctor-panel' : undefined}
                        onClick={() => choose(d.id === chosen ? null : d.id)}
                      >
                        Profile, hours and time off<span className="sr-only"> of {d.displayName}</span>
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
        <DoctorPanel
          key={doctor.id}
          doctor={doctor}
          locations={sites}
          site={byId.get(doctor.locationId)}
          specialties={specialties}
          onSaved={say}
          onChanged={() => void doctors.reload()}
        />
      ) : null}
    </>
  );
}
