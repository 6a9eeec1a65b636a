// Sign-in for staff and patients; each role lands on its own view.
import { type FormEvent, useState } from 'react';
import { ErrorLine, Field } from '../components/ui';
import { login } from '../lib/api';
import { HOME } from '../lib/session';

export default function Login() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const user = await login(String(form.get('email')), String(form.get('password')));
      location.assign(sameOriginPath(new URLSearchParams(location.search).get('next')) ?? HOME[user.role]);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <main id="content" className="narrow">
      <h1>Sign in to Clinic Hub</h1>
      <form onSubmit={submit} className="stack">
        <Field label="Email">
          <input name="email" type="email" autoComplete="username" required />
        </Field>
        <Field label="Password">
          <input name="password" type="password" autoComplete="current-password" required />
        </Field>
        <ErrorLine error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        Waiting-room screen? Open <a href="/display">/display</a>.
      </p>
    </main>
  );
}

/**
 * `next` as a path on this hub, or null: resolved against our origin, so "//evil.example" and
 * "/\\evil.example" (which browsers read as another host) are refused rather than followed.
 */
export function sameOriginPath(next: string | null): string | null {
  if (!next?.startsWith('/')) return null;
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
