// The signed-in user for a view, restoring the session after a reload; sends people without a
// session (or with the wrong role) to the sign-in page.
import { useEffect, useState } from 'react';
import { resumeSession } from './api';
import type { Role, User } from './contract';

export function useUser(roles: readonly Role[]): User | null {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    resumeSession()
      .then((u) => {
        if (u && roles.includes(u.role)) setUser(u);
        else location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
      })
      .catch(() => location.assign('/login'));
  }, [roles]);
  return user;
}
