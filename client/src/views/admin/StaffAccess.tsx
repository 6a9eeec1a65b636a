// What an admin changes about a login after it is made: where a nurse or pharmacist works
// (PUT /api/users/:id/locations, the whole list each time) and a new password for someone who lost
// theirs (POST /api/users/:id/password), which signs them out everywhere at once.
import type { FormEvent } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { Location, Login, LoginLocationsInput, PasswordResetInput } from '../../lib/contract';
import { AdminForm, useAction } from './parts';

const nameOf = (login: Login) => `${login.firstName} ${login.lastName}`;

export function WorkplacesForm({
  login,
  locations,
  onSaved,
  onCancel,
}: {
  login: Login;
  locations: Location[];
  onSaved: (saved: Login) => void;
  onCancel: () => void;
}) {
  const { busy, error, run } = useAction();
  const current = new Set(login.locationIds ?? []);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const locationIds = new FormData(e.currentTarget).getAll('locationIds').map(String);
    void run(async () =>
      onSaved(await api<Login>('PUT', `/api/users/${login.id}/locations`, { locationIds } satisfies LoginLocationsInput)),
    );
  }

  return (
    <AdminForm
      title={`Where ${nameOf(login)} works`}
      error={error}
      busy={busy}
      submit="Save locations"
      busyLabel="Saving…"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <fieldset className="admin-group">
        <legend>Works at</legend>
        {locations.length === 0 ? <p className="muted">Add a location first.</p> : null}
        {locations.map((l) => (
          <label key={l.id} className="check">
            <input type="checkbox" name="locationIds" value={l.id} defaultChecked={current.has(l.id)} />
            {l.name}
          </label>
        ))}
      </fieldset>
      <p className="muted">With none ticked they can sign in but see no patients and no work.</p>
    </AdminForm>
  );
}

export function PasswordForm({ login, onSaved, onCancel }: { login: Login; onSaved: () => void; onCancel: () => void }) {
  const { busy, error, run } = useAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    void run(async () => {
      await api('POST', `/api/users/${login.id}/password`, { password } satisfies PasswordResetInput);
      onSaved();
    });
  }

  return (
    <AdminForm
      title={`New password for ${nameOf(login)}`}
      error={error}
      busy={busy}
      submit="Set password and sign them out"
      busyLabel="Setting…"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <p>
        Every session of theirs ends at once: they are signed out on every device and sign in again with this password. Give it to them in
        person; it is not sent anywhere.
      </p>
      <div className="admin-fields">
        <Field label="New password" hint="10 characters or more.">
          <input name="password" type="password" required minLength={10} maxLength={128} autoComplete="new-password" />
        </Field>
      </div>
    </AdminForm>
  );
}
