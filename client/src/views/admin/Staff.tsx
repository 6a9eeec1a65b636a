// /admin/staff: the clinic's staff sign-ins (doctors have their own page, patients register at the
// desk or online), a form to add one, and deactivating one (its sessions end at once; an admin
// cannot deactivate themself). Nurses and pharmacists work at the locations chosen for them.
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { Empty, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location, Login, LoginInput, StaffRole, User } from '../../lib/contract';
import { stamp } from '../../lib/datetime';
import { Dialog } from '../doctor/Dialog';
import '../doctor/dialogs.css';
import { AdminPage } from './AdminPage';
import { loadLocations, loadStaff, STAFF_ROLES, useLatest } from './data';
import { AdminForm, fieldsOf, Problem, SelectField, useAction, useSaid } from './parts';

const ROLE_WORD: Record<StaffRole, string> = {
  admin: 'Administrator',
  receptionist: 'Receptionist',
  nurse: 'Nurse',
  pharmacist: 'Pharmacist',
};
const AT_LOCATIONS: readonly string[] = ['nurse', 'pharmacist'];
const roleWord = (role: string) => ROLE_WORD[role as StaffRole] ?? role;

export default function Staff() {
  return <AdminPage title="Staff">{(user) => <StaffPage me={user} />}</AdminPage>;
}

function StaffPage({ me }: { me: User }) {
  const staff = useLatest(loadStaff);
  const locations = useLatest(loadLocations);
  const { say, saidLine } = useSaid();
  const [adding, setAdding] = useState(false);
  const [role, setRole] = useState<StaffRole | ''>('');
  const [query, setQuery] = useState('');
  const [leaving, setLeaving] = useState<Login | null>(null);
  /** Locations of logins made on this page: the list does not answer them yet. */
  const [placed, setPlaced] = useState<ReadonlyMap<string, string[]>>(new Map());
  const opener = useRef<HTMLElement | null>(null);
  const remove = useAction();

  const names = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (staff.data ?? []).filter(
      (u) => (!role || u.role === role) && (!q || `${u.firstName} ${u.lastName} ${u.email}`.toLowerCase().includes(q)),
    );
  }, [staff.data, role, query]);

  function whereWorks(u: Login): string {
    if (!AT_LOCATIONS.includes(u.role)) return 'All locations';
    const ids = u.locationIds ?? placed.get(u.id);
    if (!ids) return '—';
    return ids.length === 0 ? 'None yet' : ids.map((id) => names.get(id) ?? 'A removed location').join(', ');
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
            if (login.locationIds) setPlaced((before) => new Map(before).set(login.id, login.locationIds ?? []));
            void staff.reload();
            say(`${login.firstName} ${login.lastName} can now sign in as ${roleWord(login.role).toLowerCase()}.`);
          }}
        />
      ) : null}
      <form className="admin-filters" aria-label="Filter staff" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="staff-role">Role</label>
          <select id="staff-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole | '')}>
            <option value="">Every role</option>
            {STAFF_ROLES.map((r) => (
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
      <Problem error={staff.error ?? remove.error} />
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
                    {u.firstName} {u.lastName}
                    {u.id === me.id ? <span className="muted admin-sub"> (you)</span> : null}
                  </th>
                  <td>{u.email}</td>
                  <td>{roleWord(u.role)}</td>
                  <td>{whereWorks(u)}</td>
                  <td>{u.lastLoginAt ? stamp(u.lastLoginAt) : 'Never'}</td>
                  <td className="admin-actions">
                    {u.id === me.id ? null : (
                      <button
                        type="button"
                        className="danger"
                        disabled={remove.busy}
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          setLeaving(u);
                        }}
                      >
                        Deactivate…<span className="sr-only"> {`${u.firstName} ${u.lastName}`}</span>
                      </button>
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
          title={`Deactivate ${leaving.firstName} ${leaving.lastName}?`}
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
                void remove.run(async () => {
                  await api('DELETE', `/api/users/${who.id}`);
                  await staff.reload();
                  say(`${who.firstName} ${who.lastName} can no longer sign in.`);
                });
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
            They are signed out everywhere at once and can no longer sign in. What they did stays in the records and the audit log. Their
            email address can be used for a new sign-in.
          </p>
        </Dialog>
      ) : null}
    </>
  );
}

function StaffForm({ locations, onSaved, onCancel }: { locations: Location[]; onSaved: (l: Login) => void; onCancel: () => void }) {
  const [role, setRole] = useState<StaffRole>('receptionist');
  const { busy, error, setError, run } = useAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = fieldsOf(e.currentTarget);
    const chosen = new FormData(e.currentTarget).getAll('locationIds').map(String);
    if (AT_LOCATIONS.includes(role) && chosen.length === 0) {
      setError(`A ${role} works at one location at least: choose where.`);
      return;
    }
    const body: LoginInput = {
      firstName: f.firstName ?? '',
      lastName: f.lastName ?? '',
      email: f.email ?? '',
      password: (new FormData(e.currentTarget).get('password') as string) ?? '',
      role,
      ...(AT_LOCATIONS.includes(role) ? { locationIds: chosen } : {}),
    };
    void run(async () => onSaved(await api<Login>('POST', '/api/users', body)));
  }

  return (
    <AdminForm
      title={'Add a staff member'}
      error={error}
      busy={busy}
      submit={'Add staff member'}
      busyLabel={'Adding…'}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="admin-fields">
        <Field label="First name">
          <input name="firstName" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Last name">
          <input name="lastName" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Email" hint="They sign in with it.">
          <input name="email" type="email" required maxLength={254} autoComplete="off" />
        </Field>
        <SelectField label="Role">
          {(control) => (
            <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_WORD[r]}
                </option>
              ))}
            </select>
          )}
        </SelectField>
        <Field label="First password" hint="10 characters or more; give it to them in person.">
          <input name="password" type="password" required minLength={10} maxLength={128} autoComplete="new-password" />
        </Field>
      </div>
      {AT_LOCATIONS.includes(role) ? (
        <fieldset className="admin-group">
          <legend>Works at</legend>
          {locations.length === 0 ? <p className="muted">Add a location first.</p> : null}
          {locations.map((l) => (
            <label key={l.id} className="check">
              <input type="checkbox" name="locationIds" value={l.id} defaultChecked={locations.length === 1} />
              {l.name}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="muted">Administrators and receptionists work at every location.</p>
      )}
    </AdminForm>
  );
}
