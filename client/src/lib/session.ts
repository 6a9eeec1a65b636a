// Who is signed in: the access token lives in memory, the refresh token in localStorage so a
// reload keeps the session. A waiting-room screen keeps its display token instead (display.ts).
import type { Role, TokenPair, User } from './contract';

const REFRESH_KEY = 'clinic-hub.refresh';
let accessToken: string | null = null;
let currentUser: User | null = null;
const listeners = new Set<() => void>();

export const session = {
  get token() {
    return accessToken;
  },
  get user() {
    return currentUser;
  },
  get refreshToken() {
    return localStorage.getItem(REFRESH_KEY);
  },
  set(tokens: TokenPair, user?: User) {
    accessToken = tokens.accessToken;
    localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    if (user) currentUser = user;
    for (const l of listeners) l();
  },
  clear() {
    accessToken = null;
    currentUser = null;
    localStorage.removeItem(REFRESH_KEY);
    for (const l of listeners) l();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Where each role starts after signing in. */
export const HOME: Record<Role, string> = {
  // The admin console (client/src/views/admin); the desk is one link away.
  admin: '/admin',
  receptionist: '/reception',
  doctor: '/doctor',
  // The triage screen (client/src/views/nurse).
  nurse: '/nurse',
  pharmacist: '/pharmacy',
  patient: '/patient',
};
