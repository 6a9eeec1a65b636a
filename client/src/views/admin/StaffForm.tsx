// Adding a staff login (POST /api/users): name, email, role and a first password; nurses and
// pharmacists also where they work. Doctors' logins are made with the doctor, on the doctors' page.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api } from '../../lib/api';
import type { Location, Login, LoginInput, Role, StaffRole } from '../../lib/contract';
import { STAFF_ROLES } from './data';
import { AdminForm, fieldsOf, LoginFields, SelectField, useAction } from './parts';

export const ROLE_WORD: Record<Exclude<Role, 'patient'>, string> = {
  admin: 'Administrator',
  receptionist: 'Receptionist',
  doctor: 'Doctor',
  nurse: 'Nurse',
  pharmacist: 'Pharmacist',
};
/** The roles that work at chosen locations (the others work at every one, or at their doctor's). */
export const AT_LOCATIONS: readonly string[] = ['nurse', 'pharmacist'];
export const roleWord = (role: string) => ROLE_WORD[role as keyof typeof ROLE_WORD] ?? role;

export function StaffForm({ locations, onSaved, onCancel }: { locations: Location[]; onSaved: (l: Login) => void; onCancel: () => void }) {
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
        <LoginFields password={{ label: 'First password', hint: '10 characters or more; give it to them in person.', required: true }} />
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
