// The frame of the staff and patient views: a header with who is signed in, their inbox (the
// bell: Inbox.tsx) and a sign-out button, the pages of a role that has more than one, a skip link
// for keyboard users, and the view's content in <main>.
import type { ReactNode } from 'react';
import { logout } from '../lib/api';
import type { Role, User } from '../lib/contract';
import { InboxBell } from './Inbox';

/** The pages of roles with more than one (client/src/main.tsx), in the header. */
const PAGES: Partial<Record<Role, { href: string; label: string }[]>> = {
  admin: [
    { href: '/admin', label: 'Admin console' },
    { href: '/reception', label: 'Reception desk' },
    { href: '/admin/feedback', label: 'Feedback' },
  ],
  doctor: [
    { href: '/doctor', label: 'Console' },
    { href: '/doctor/ratings', label: 'My ratings' },
  ],
};

/** The header's page the address is in: its own, or the one whose section it is under (/admin/staff: /admin). */
function currentPage(role: Role): string | undefined {
  const pages = PAGES[role] ?? [];
  const here = location.pathname;
  return (
    pages.find((p) => p.href === here)?.href ??
    pages.filter((p) => here.startsWith(`${p.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href
  );
}

export function Shell({ user, title, children }: { user: User; title: string; children: ReactNode }) {
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <strong>Clinic Hub</strong>
        <span className="muted">{title}</span>
        {PAGES[user.role] ? (
          <nav aria-label="Pages" className="pages">
            {PAGES[user.role]?.map((p) => (
              <a key={p.href} href={p.href} aria-current={p.href === currentPage(user.role) ? 'page' : undefined}>
                {p.label}
              </a>
            ))}
          </nav>
        ) : null}
        <span className="spacer" />
        <InboxBell />
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
