// What a waiting-room screen remembers: its display token (localStorage key
// `clinic-hub.display-token`) and what GET /api/me said about it (`clinic-hub.display-screen`), so
// a reload paints the board without waiting for /api/me. Nothing about patients is ever stored.
import type { DisplayMe } from '../../lib/contract';

/** The screen as GET /api/me describes it for a display token. */
export type Screen = DisplayMe;

export const TOKEN_KEY = 'clinic-hub.display-token';
export const SCREEN_KEY = 'clinic-hub.display-screen';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storedToken(): string | null {
  return read(TOKEN_KEY)?.trim() || null;
}

export function storedScreen(): Screen | null {
  try {
    const screen = JSON.parse(read(SCREEN_KEY) ?? 'null') as Screen | null;
    return screen && typeof screen.locationId === 'string' && typeof screen.timezone === 'string' ? screen : null;
  } catch {
    return null;
  }
}

export function remember(token: string, screen: Screen): void {
  try {
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(SCREEN_KEY, JSON.stringify(screen));
  } catch {
    // Private mode or a full store: the screen works until the next reload.
  }
}

export function forget(): void {
  try {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(SCREEN_KEY);
  } catch {
    // nothing stored
  }
}

/**
 * A token given once in the address (`/display?token=dsp_…`, e.g. from a QR code): taken, then
 * removed from the address bar and history so it is not left on screen or in bookmarks.
 */
export function takeTokenFromUrl(): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token.trim() || null;
}

/** What a person typed or a scanner pasted: the token itself, or a set-up address carrying it. */
export function tokenFromInput(input: string): string {
  const text = input.trim();
  const match = /[?&]token=([^&#\s]+)/.exec(text);
  return match?.[1] ? decodeURIComponent(match[1]) : text;
}
