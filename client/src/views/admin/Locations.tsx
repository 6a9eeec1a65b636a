// /admin/locations: the clinic's sites in a table, a form to add one and the same form to change
// one (LocationForm.tsx), and deactivating one (PATCH {active: false}: no new bookings there, its
// history stays) or reactivating it. Deactivated ones stay listed, marked, so they can come back.
import { useRef, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location, LocationPatch } from '../../lib/contract';
import { formatPhone } from '../../lib/phone';
import { Dialog } from '../doctor/Dialog';
import '../doctor/dialogs.css';
import { AdminPage } from './AdminPage';
import { languageName } from './choices';
import { loadAllLocations, useLatest } from './data';
import { LocationForm } from './LocationForm';
import { summaryOf } from './opening-hours';
import { Problem, useAction, useSaid } from './parts';

export default function Locations() {
  return <AdminPage title="Locations">{() => <LocationsPage />}</AdminPage>;
}

function LocationsPage() {
  const list = useLatest(loadAllLocations);
  const { say, saidLine } = useSaid();
  /** The form shown: a new location, or the id of the one being changed. */
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [closing, setClosing] = useState<Location | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const closeAction = useAction();

  function open(which: 'new' | string, button: HTMLElement) {
    opener.current = button;
    setEditing(which);
  }
  function close() {
    setEditing(null);
    requestAnimationFrame(() => opener.current?.focus());
  }

  // Open ones first, each group by name.
  const sites = [...(list.data ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  const changing = editing && editing !== 'new' ? sites.find((l) => l.id === editing) : undefined;

  return (
    <>
      <div className="admin-head">
        <h1>Locations</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={editing === 'new'}
          onClick={(e) => (editing === 'new' ? close() : open('new', e.currentTarget))}
        >
          Add a location
        </button>
      </div>
      {saidLine}
      {editing ? (
        <LocationForm
          key={editing}
          location={changing}
          onCancel={close}
          onSaved={(saved, created) => {
            setEditing(null);
            void list.reload();
            say(created ? `Location “${saved.name}” added.` : `Changes to ${saved.name} saved.`);
          }}
        />
      ) : null}
      <Problem error={list.error ?? closeAction.error} />
      {!list.data ? (
        list.error ? null : (
          <Loading what="Loading locations" />
        )
      ) : sites.length === 0 ? (
        <Empty>No locations yet. Add the first one to start.</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label="Locations">
            <thead>
              <tr>
                <th scope="col">Name and address</th>
                <th scope="col">Phone</th>
                <th scope="col">Region</th>
                <th scope="col">Online changes close</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sites.map((l) => (
                <tr key={l.id} className={l.active ? undefined : 'inactive'}>
                  <th scope="row">
                    {l.name}
                    {l.active ? null : <span className="muted admin-sub"> (deactivated)</span>}
                    <div className="muted admin-sub">{l.address}</div>
                    <div className="muted admin-sub">Open: {summaryOf(l.openingHours)}</div>
                  </th>
                  <td>{formatPhone(l.phone)}</td>
                  <td>
                    <span className="admin-whole">{l.timezone}</span>
                    <div className="muted admin-sub">
                      {languageName(l.language)} · {l.currency}
                    </div>
                  </td>
                  <td>{l.patientChangeCutoffHours} h before</td>
                  <td>{l.active ? 'Taking bookings' : 'Deactivated'}</td>
                  <td className="admin-actions">
                    <button type="button" onClick={(e) => open(l.id, e.currentTarget)}>
                      Change<span className="sr-only"> {l.name}</span>
                    </button>
                    <button
                      type="button"
                      className={l.active ? 'danger' : undefined}
                      disabled={closeAction.busy}
                      onClick={(e) => {
                        opener.current = e.currentTarget;
                        setClosing(l);
                      }}
                    >
                      {l.active ? 'Deactivate…' : 'Reactivate…'}
                      <span className="sr-only"> {l.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {closing ? (
        <Dialog
          title={closing.active ? `Deactivate ${closing.name}?` : `Reactivate ${closing.name}?`}
          onCancel={() => {
            setClosing(null);
            opener.current?.focus();
          }}
          choices={[
            {
              label: closing.active ? 'Deactivate' : 'Reactivate',
              kind: closing.active ? 'danger' : 'primary',
              onChoose: () => {
                const site = closing;
                setClosing(null);
                void closeAction.run(async () => {
                  await api<Location>('PATCH', `/api/locations/${site.id}`, { active: !site.active } satisfies LocationPatch);
                  await list.reload();
                  say(
                    site.active
                      ? `${site.name} is deactivated: it takes no new bookings.`
                      : `${site.name} is active again and takes bookings.`,
                  );
                });
              },
            },
            {
              label: 'Keep as it is',
              focus: true,
              onChoose: () => {
                setClosing(null);
                opener.current?.focus();
              },
            },
          ]}
        >
          <p>
            {closing.active
              ? 'It leaves the lists staff and patients choose from, its doctors’ hours there are no longer offered and new bookings there are refused. Visits already booked, its board, invoices and history stay, and it can be reactivated.'
              : 'It is listed again and its doctors’ hours there can be booked again.'}
          </p>
        </Dialog>
      ) : null}
    </>
  );
}
