// /admin/screens: the waiting-room screens. Adding one answers its token once: it is shown with a
// copy button and how to pair the screen (open /display on it and enter the token). The list says
// which screens are on now (seen within 90 s; read again every 30 s while the page is in view),
// and each can be made to reload its page or be revoked (it drops back to pairing at once).
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { CreatedScreen, Location, Screen, ScreenInput } from '../../lib/contract';
import { stamp } from '../../lib/datetime';
import { Dialog } from '../doctor/Dialog';
import '../doctor/dialogs.css';
import { AdminPage } from './AdminPage';
import { loadLocations, loadScreens, useLatest } from './data';
import { AdminForm, fieldsOf, Problem, SelectField, useAction, useSaid } from './parts';
import { TokenCard } from './ScreenToken';
import { isOnline } from './screens-status';

const REFRESH_MS = 30_000;

export default function Screens() {
  return <AdminPage title="Screens">{() => <ScreensPage />}</AdminPage>;
}

function ScreensPage() {
  const screens = useLatest(loadScreens);
  const locations = useLatest(loadLocations);
  const { say, saidLine } = useSaid();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedScreen | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const [revoking, setRevoking] = useState<Screen | null>(null);
  const [now, setNow] = useState(Date.now());
  const opener = useRef<HTMLElement | null>(null);
  const act = useAction();

  // The list is read again every 30 s while the page is in view, and on coming back to it.
  const reload = screens.reload;
  useEffect(() => {
    const again = () => {
      if (document.visibilityState !== 'visible') return;
      setNow(Date.now());
      void reload();
    };
    const timer = setInterval(again, REFRESH_MS);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', again);
    };
  }, [reload]);

  const names = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);
  const all = screens.data ?? [];
  const shown = all.filter((s) => showRevoked || !s.revokedAt);
  const revokedCount = all.filter((s) => s.revokedAt).length;

  async function refresh() {
    setNow(Date.now());
    await screens.reload();
  }

  return (
    <>
      <div className="admin-head">
        <h1>Waiting-room screens</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={adding}
          // One new screen at a time: its token is on screen until "Done".
          disabled={(locations.data ?? []).length === 0 || created !== null}
          onClick={(e) => {
            opener.current = e.currentTarget;
            setAdding(!adding);
          }}
        >
          Add a screen
        </button>
      </div>
      {saidLine}
      {adding ? (
        <ScreenForm
          locations={locations.data ?? []}
          onCancel={() => {
            setAdding(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
          onSaved={(made) => {
            setAdding(false);
            setCreated(made);
            void refresh();
          }}
        />
      ) : null}
      {created ? (
        <TokenCard
          screen={created}
          locationName={names.get(created.locationId) ?? 'the location'}
          onDone={() => {
            setCreated(null);
            void refresh();
            say(`Screen “${created.name}” is ready to pair. Its token will not be shown again.`);
          }}
        />
      ) : null}
      <div className="admin-filters">
        <button type="button" onClick={() => void refresh()} disabled={screens.loading}>
          {screens.loading ? 'Refreshing…' : 'Refresh'}
        </button>
        {revokedCount > 0 ? (
          <label className="check">
            <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
            Show revoked screens ({revokedCount})
          </label>
        ) : null}
      </div>
      <Problem error={screens.error ?? act.error} />
      {!screens.data ? (
        screens.error ? null : (
          <Loading what="Loading screens" />
        )
      ) : shown.length === 0 ? (
        <Empty>No screens yet. Add one for each waiting room.</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label="Screens">
            <thead>
              <tr>
                <th scope="col">Screen</th>
                <th scope="col">Location</th>
                <th scope="col">Status</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} className={s.revokedAt ? 'inactive' : undefined}>
                  <th scope="row">{s.name}</th>
                  <td>{names.get(s.locationId) ?? '—'}</td>
                  <td>
                    <Status screen={s} now={now} />
                  </td>
                  <td>{s.lastSeenAt ? stamp(s.lastSeenAt) : 'Never'}</td>
                  <td className="admin-actions">
                    {s.revokedAt ? null : (
                      <>
                        <button
                          type="button"
                          disabled={act.busy}
                          onClick={() =>
                            void act.run(async () => {
                              await api('POST', `/api/displays/${s.id}/reload`);
                              say(`“${s.name}” was asked to reload its page.`, false);
                            })
                          }
                        >
                          Reload<span className="sr-only"> {s.name}</span>
                        </button>
                        <button
                          type="button"
                          className="danger"
                          disabled={act.busy}
                          onClick={(e) => {
                            opener.current = e.currentTarget;
                            setRevoking(s);
                          }}
                        >
                          Revoke…<span className="sr-only"> {s.name}</span>
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking ? (
        <Dialog
          title={`Revoke “${revoking.name}”?`}
          onCancel={() => {
            setRevoking(null);
            opener.current?.focus();
          }}
          choices={[
            {
              label: 'Revoke',
              kind: 'danger',
              onChoose: () => {
                const screen = revoking;
                setRevoking(null);
                void act.run(async () => {
                  await api('DELETE', `/api/displays/${screen.id}`);
                  await refresh();
                  say(`“${screen.name}” was revoked: it is back at pairing and its token no longer works.`);
                });
              },
            },
            {
              label: 'Keep',
              focus: true,
              onChoose: () => {
                setRevoking(null);
                opener.current?.focus();
              },
            },
          ]}
        >
          <p>The screen stops showing the board at once and its token no longer works. To use it again, add it as a new screen.</p>
        </Dialog>
      ) : null}
    </>
  );
}

function Status({ screen, now }: { screen: Screen; now: number }) {
  if (screen.revokedAt) return <span className="status-off">Revoked {stamp(screen.revokedAt)}</span>;
  if (isOnline(screen, now)) return <span className="status-on">Online</span>;
  return <span className="status-off">{screen.lastSeenAt ? 'Offline' : 'Not paired yet'}</span>;
}

function ScreenForm({
  locations,
  onSaved,
  onCancel,
}: {
  locations: Location[];
  onSaved: (s: CreatedScreen) => void;
  onCancel: () => void;
}) {
  const { busy, error, run } = useAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    const body: ScreenInput = { name: f.name ?? '', locationId: f.locationId ?? '' };
    void run(async () => onSaved(await api<CreatedScreen>('POST', '/api/displays', body)));
  }

  return (
    <AdminForm
      title={'Add a screen'}
      error={error}
      busy={busy}
      submit={'Add screen'}
      busyLabel={'Adding…'}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="admin-fields">
        <Field label="Name" hint="Where it hangs, e.g. Waiting room, first floor">
          <input name="name" required maxLength={120} autoComplete="off" />
        </Field>
        <SelectField label="Location" hint="The screen shows this location’s board.">
          {(control) => (
            <select {...control} name="locationId" required>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          )}
        </SelectField>
      </div>
    </AdminForm>
  );
}
