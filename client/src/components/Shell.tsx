// The frame of the staff and patient views: a header with who is signed in and a sign-out
// button, a skip link for keyboard users, and the view's content in <main>.
import type { ReactNode } from 'react';
import { logout } from '../lib/api';
import type { User } from '../lib/contract';

export function Shell({ user, title, children }: { user: User; title: string; children: ReactNode }) {
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <strong>Clinic Hub</strong>
        <span className="muted">{title}</span>
        <span className="spacer" />
        <span>
          {user.firstName} {user.lastName}
        </span>
        <button
          type="button"
          onClick={async () => {
            await logout();
            location.assign('/login');
          }}
        >
          Sign out
        </button>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
