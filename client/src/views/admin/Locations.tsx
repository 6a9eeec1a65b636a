// /admin/locations: the clinic's sites in a table, a form to add one and the same form to change
// one (LocationForm.tsx). Deactivating is offered once the hub answers each location's `active`
// (issue 19's API); until then a location stays open.
import { useRef, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location } from '../../lib/contract';
import { formatPhone } from '../../lib/phone';
import { Dialog } from '../doctor/Dialog';
import '../doctor/dialogs.css';
import { AdminPage } from './AdminPage';
import { languageName } from './choices';
import { loadLocations, useLatest } from './data';
import { LocationForm } from './LocationForm';
import { Problem, useAction, useSaid } from './parts';

/** A location as the hub may answer it once deactivating exists. */
type Site = Location & { active?: boolean };

export default function Locations() {
  return <AdminPage title="Locations">{() => <LocationsPage />}</AdminPage>;
}

function LocationsPage() {
  const list = useLatest(loadLocations);
  const { say, saidLine } = useSaid();
  /** The form shown: a new location, or the id of the one being changed. */
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [closing, setClosing] = useState<Site | null>(null);
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

  const sites: Site[] = list.data ?? [];
  const changing = editing && editing !== 'new' ? sites.find((l) => l.id === editing) : undefined;
  const canDeactivate = sites.some((l) => typeof l.active === 'boolean');

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
                <th scope="col">Time zone</th>
                <th scope="col">Language</th>
                <th scope="col">Currency</th>
                <th scope="col">Online changes close</th>
                {canDeactivate ? <th scope="col">Status</th> : null}
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sites.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    {l.name}
                    <div className="muted admin-sub">{l.address}</div>
                  </th>
                  <td>{formatPhone(l.phone)}</td>
                  <td>{l.timezone}</td>
                  <td>{languageName(l.language)}</td>
                  <td>{l.currency}</td>
                  <td>{l.patientChangeCutoffHours} h before</td>
                  {canDeactivate ? <td>{l.active === false ? 'Closed' : 'Open'}</td> : null}
                  <td className="admin-actions">
                    <button type="button" onClick={(e) => open(l.id, e.currentTarget)}>
                      Change<span className="sr-only"> {l.name}</span>
                    </button>
                    {typeof l.active === 'boolean' ? (
                      <button
                        type="button"
                        className={l.active ? 'danger' : undefined}
                        disabled={closeAction.busy}
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          setClosing(l);
                        }}
                      >
                        {l.active ? 'Deactivate…' : 'Reopen…'}
                        <span className="sr-only"> {l.name}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {closing ? (
        <Dialog
          title={closing.active ? `Deactivate ${closing.name}?` : `Reopen ${closing.name}?`}
          onCancel={() => {
            setClosing(null);
            opener.current?.focus();
          }}
          choices={[
            {
              label: closing.active ? 'Deactivate' : 'Reopen',
              kind: closing.active ? 'danger' : 'primary',
              onChoose: () => {
                const site = closing;
                setClosing(null);
                void closeAction.run(async () => {
                  await api('PATCH', `/api/locations/${site.id}`, { active: !site.active });
                  await list.reload();
                  say(site.active ? `${site.name} deactivated.` : `${site.name} reopened.`);
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
              ? 'It stops taking bookings. Its history, invoices and records stay, and it can be reopened.'
              : 'It takes bookings again.'}
          </p>
        </Dialog>
      ) : null}
    </>
  );
}
