// Whether a waiting-room screen is on now. A paired screen beats every 30 s and the hub writes
// down at most one beat a minute (server/modules/displays), so a screen seen within 90 s is on.
// When the hub answers `online` itself, its word is taken.
import type { Screen } from '../../lib/contract';

export const ONLINE_WITHIN_MS = 90_000;

export function isOnline(screen: Screen & { online?: boolean }, now = Date.now()): boolean {
  if (screen.revokedAt) return false;
  if (typeof screen.online === 'boolean') return screen.online;
  return screen.lastSeenAt !== null && now - Date.parse(screen.lastSeenAt) <= ONLINE_WITHIN_MS;
}
