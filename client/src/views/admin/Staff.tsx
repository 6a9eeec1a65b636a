// /admin/staff: every sign-in but patients' (doctors' logins too: they are made with the doctor on
// the doctors' page), a form to add a staff one, where each nurse or pharmacist works, a new
// password (their sessions end), and deactivating (sessions end at once; an admin cannot deactivate
// themself) or reactivating one. Deactivated sign-ins stay listed, marked.
import { useMemo, useRef, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Login, LoginPatch, Role, User } from '../../lib/contract';
import { stamp } from '../../lib/datetime';
import { Dialog } from '../doctor/Dialog';
import '../doctor/dialogs.css';
import { AdminPage } from './AdminPage';
import { LOGIN_ROLES, loadLocations, loadLogins, useLatest } from './data';
import { Problem, useAction, useSaid } from './parts';
import { PasswordForm, WorkplacesForm } from './StaffAccess';
import { AT_LOCATIONS, ROLE_WORD, roleWord, StaffForm } from './StaffForm';

const nameOf = (u: Pick<Login, 'firstName' | 'lastName'>) => `${u.firstName} ${u.lastName}`;

export default function Staff() {
  return <AdminPage title="Staff">{(user) => <StaffPage me={user} />}</AdminPage>;
}

function StaffPage({ me }: { me: User }) {
  const staff = useLatest(loadLogins);
  const locations = useLatest(loadLocations);
  const { say, saidLine } = useSaid();
  const [adding, setAdding] = useState(false);
  /** The form open for one login: where they work, or a new password. */
  const [open, setOpen] = useState<{ kind: 'places' | 'password'; login: Login } | null>(null);
  const [role, setRole] = useState<Role | ''>('');
  const [query, setQuery] = useState('');
  const [leaving, setLeaving] = useState<Login | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const change = useAction();

  const names = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (staff.data ?? []).filter(
      (u) => (!role || u.role === role) && (!q || `${u.firstName} ${u.lastName} ${u.email}`.toLowerCase().includes(q)),
    );
  }, [staff.data, role, query]);

  function whereWorks(u: Login) {
    if (u.role === 'doctor') return <a href="/admin/doctors">Their doctor’s location</a>;
    if (!AT_LOCATIONS.includes(u.role)) return 'All locations';
    const ids = u.locationIds ?? [];
    return ids.length === 0 ? 'None yet' : ids.map((id) => names.get(id) ?? 'A deactivated location').join(', ');
  }
  function openFor(kind: 'places' | 'password', login: Login, button: HTMLElement) {
    opener.current = button;
    setAdding(false);
    setOpen({ kind, login });
  }
  function closeForm() {
    setOpen(null);
    requestAnimationFrame(() => opener.current?.focus());
  }
  /** PATCH {active}: false signs them out everywhere at once; true lets them sign in again. */
  function setActive(who: Login, active: boolean) {
    void change.run(async () => {
      await api<Login>('PATCH', `/api/users/${who.id}`, { active } satisfies LoginPatch);
      await staff.reload();
      say(active ? `${nameOf(who)} can sign in again.` : `${nameOf(who)} can no longer sign in.`);
    });
  }

  return (
    <>
      <div className="admin-head">
        <h1>Staff</h1>
        <button
          type="button"
          className="primary"
          aria-expanded={adding}
          onClick={(e) => {
            opener.current = e.currentTarget;
            setOpen(null);
            setAdding(!adding);
          }}
        >
          Add a staff member
        </button>
      </div>
      {saidLine}
      {adding ? (
        <StaffForm
          locations={locations.data ?? []}
          onCancel={() => {
            setAdding(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
          onSaved={(login) => {
            setAdding(false);
            void staff.reload();
            say(`${nameOf(login)} can now sign in as ${roleWord(login.role).toLowerCase()}.`);
          }}
        />
      ) : null}
      {open?.kind === 'places' ? (
        <WorkplacesForm
          key={open.login.id}
          login={open.login}
          locations={locations.data ?? []}
          onCancel={closeForm}
          onSaved={(saved) => {
            setOpen(null);
            void staff.reload();
            say(
              (saved.locationIds ?? []).length === 0
                ? `${nameOf(saved)} works at no location now.`
                : `${nameOf(saved)} works at ${(saved.locationIds ?? []).map((id) => names.get(id) ?? id).join(', ')}.`,
            );
          }}
        />
      ) : null}
      {open?.kind === 'password' ? (
        <PasswordForm
          key={open.login.id}
          login={open.login}
          onCancel={closeForm}
          onSaved={() => {
            setOpen(null);
            say(`${nameOf(open.login)} has a new password and was signed out everywhere.`);
          }}
        />
      ) : null}
      <form className="admin-filters" aria-label="Filter staff" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="staff-role">Role</label>
          <select id="staff-role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">Every role</option>
            {LOGIN_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_WORD[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="staff-find">Find by name or email</label>
          <input id="staff-find" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      </form>
      <Problem error={staff.error ?? change.error} />
      {!staff.data ? (
        staff.error ? null : (
          <Loading what="Loading staff" />
        )
      ) : shown.length === 0 ? (
        <Empty>No staff match.</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label="Staff">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Works at</th>
                <th scope="col">Last signed in</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                  <th scope="row">
                    {nameOf(u)}
                    {u.id === me.id ? <span className="muted admin-sub"> (you)</span> : null}
                    {u.active ? null : <div className="admin-sub">Deactivated: cannot sign in</div>}
                  </th>
                  <td>{u.email}</td>
                  <td>{roleWord(u.role)}</td>
                  <td>{whereWorks(u)}</td>
                  <td>{u.lastLoginAt ? stamp(u.lastLoginAt) : 'Never'}</td>
                  <td className="admin-actions">
                    {AT_LOCATIONS.includes(u.role) ? (
                      <button type="button" onClick={(e) => openFor('places', u, e.currentTarget)}>
                        Locations…<span className="sr-only"> of {nameOf(u)}</span>
                      </button>
                    ) : null}
                    {u.id === me.id ? null : (
                      <>
                        <button type="button" onClick={(e) => openFor('password', u, e.currentTarget)}>
                          New password…<span className="sr-only"> for {nameOf(u)}</span>
                        </button>
                        {u.active ? (
                          <button
                            type="button"
                            className="danger"
                            disabled={change.busy}
                            onClick={(e) => {
                              opener.current = e.currentTarget;
                              setLeaving(u);
                            }}
                          >
                            Deactivate…<span className="sr-only"> {nameOf(u)}</span>
                          </button>
                        ) : (
                          <button type="button" disabled={change.busy} onClick={() => setActive(u, true)}>
                            Reactivate<span className="sr-only"> {nameOf(u)}</span>
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {leaving ? (
        <Dialog
          title={`Deactivate ${nameOf(leaving)}?`}
          onCancel={() => {
            setLeaving(null);
            opener.current?.focus();
          }}
          choices={[
            {
              label: 'Deactivate',
              kind: 'danger',
              onChoose: () => {
                const who = leaving;
                setLeaving(null);
                setActive(who, false);
              },
            },
            {
              label: 'Keep',
              focus: true,
              onChoose: () => {
                setLeaving(null);
                opener.current?.focus();
              },
            },
          ]}
        >
          <p>
            They are signed out everywhere at once and can no longer sign in. What they did stays in the records and the audit log, and they
            can be reactivated later.
            {leaving.role === 'doctor' ? ' Their doctor profile stays bookable: deactivate it on the doctors’ page.' : ''}
          </p>
        </Dialog>
      ) : null}
    </>
  );
}
