// The signed-in user for a view, restoring the session after a reload. People without a session
// go to the sign-in page (and come back after it); someone signed in with another role stays on
// the address they opened and is told so: main.tsx shows "Not allowed here" instead of the view.
import { useEffect, useState } from 'react';
import { resumeSession } from './api';
import type { Role, User } from './contract';

const deniedListeners = new Set<(user: User) => void>();

/** Called with the user when a view refuses them for their role; returns the unsubscribe. */
export function onDenied(listener: (user: User) => void): () => void {
  deniedListeners.add(listener);
  return () => {
    deniedListeners.delete(listener);
  };
}

/** The sign-in page, coming back to the current address afterwards. */
export const signInHere = () => `/login?next=${encodeURIComponent(location.pathname + location.search)}`;

export function useUser(roles: readonly Role[]): User | null {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    resumeSession()
      .then((u) => {
        if (!u) location.assign(signInHere());
        else if (roles.includes(u.role)) setUser(u);
        else for (const listener of deniedListeners) listener(u);
      })
      .catch(() => location.assign('/login'));
  }, [roles]);
  return user;
}
