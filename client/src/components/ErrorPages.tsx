// The pages for addresses a person cannot use: "Not allowed here" (signed in, but the page is for
// another role) and "Not found" (no page at that address; the server answers it with 404).
// Both say where to go instead: the person's own page, or sign-in.
import { type ReactNode, useEffect, useState } from 'react';
import { logout, resumeSession } from '../lib/api';
import type { Role, User } from '../lib/contract';
import { HOME } from '../lib/session';
import { signInHere } from '../lib/use-user';

/** A role as a person reads it, after "signed in as … ". */
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'an admin',
  receptionist: 'reception staff',
  doctor: 'a doctor',
  nurse: 'a nurse',
  pharmacist: 'a pharmacist',
  patient: 'a patient',
};

/** Who each page is for, by its first path segment (client/src/main.tsx). */
const PAGE_FOR: Record<string, string> = {
  reception: 'This page is the reception desk, for reception staff and admins.',
  doctor: 'This page is the doctor’s workspace, for doctors.',
  patient: 'This page is the patient portal, for patients.',
  admin: 'This page is for the clinic’s admins.',
};

export function ErrorFrame({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Clinic Hub`;
  }, [title]);
  return (
    <main id="content" className="narrow">
      <section className="card stack error-page" aria-labelledby="error-title">
        <h1 id="error-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}

async function signOutAndSignIn() {
  await logout();
  location.assign(signInHere());
}

export function NotAllowed({ user }: { user: User }) {
  const page = PAGE_FOR[location.pathname.split('/')[1] ?? ''];
  return (
    <ErrorFrame title="Not allowed here">
      <p>
        You are signed in as <strong>{`${user.firstName} ${user.lastName}`}</strong> ({ROLE_WORDS[user.role]}).
        {` ${page ?? 'This page is for someone else.'}`}
      </p>
      <div className="row">
        <a className="button primary" href={HOME[user.role]}>
          Go to your page
        </a>
        <button type="button" onClick={signOutAndSignIn}>
          Sign out and sign in as someone else
        </button>
      </div>
    </ErrorFrame>
  );
}

export function NotFound() {
  // undefined while the session is being looked up; null: nobody is signed in.
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    resumeSession()
      .then(setUser)
      .catch(() => setUser(null));
  }, []);
  return (
    <ErrorFrame title="Page not found">
      <p>
        There is no page at <code className="address">{location.pathname}</code>. The address may be mistyped, or the page may have moved.
      </p>
      {user === undefined ? null : (
        <div className="row">
          {user ? (
            <a className="button primary" href={HOME[user.role]}>
              Go to your page
            </a>
          ) : (
            <a className="button primary" href="/login">
              Sign in
            </a>
          )}
        </div>
      )}
    </ErrorFrame>
  );
}
