// The frame of every admin console page: the signed-in admin, the shared header (Shell), the
// console's own navigation (the current page marked in words for screen readers, not only by
// colour) and the page. The page gets the admin (their own login may not be deactivated).
import { type ReactNode, useEffect } from 'react';
import { Shell } from '../../components/Shell';
import { Loading } from '../../components/ui';
import type { Role, User } from '../../lib/contract';
import { useUser } from '../../lib/use-user';
import { SECTIONS } from './sections';
import './admin.css';

const ROLES: readonly Role[] = ['admin'];

export function AdminPage({ title, children }: { title: string; children: (user: User) => ReactNode }) {
  const user = useUser(ROLES);
  useEffect(() => {
    document.title = `${title} · Admin console · Clinic Hub`;
  }, [title]);
  if (!user) return <Loading what="Opening the admin console" />;
  const here = location.pathname.replace(/\/+$/, '');
  return (
    <Shell user={user} title="Admin console">
      <div className="admin">
        <nav aria-label="Admin console" className="admin-nav">
          <ul>
            <li>
              <a href="/admin" aria-current={here === '/admin' ? 'page' : undefined}>
                Overview
              </a>
            </li>
            {SECTIONS.map((s) => (
              <li key={s.href}>
                <a href={s.href} aria-current={here === s.href ? 'page' : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="admin-page">{children(user)}</div>
      </div>
    </Shell>
  );
}
