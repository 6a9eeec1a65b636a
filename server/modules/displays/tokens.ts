// Display (waiting-room screen) tokens: opaque, created by an admin for one location, valid
// until revoked. They never expire with anyone's session, so an unattended screen keeps working.
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { displayDevices } from '../../../db/schema/index.js';
import { digest, newSecret } from '../auth/secrets.js';

export const DISPLAY_TOKEN_PREFIX = 'dsp_';

export function newDisplayToken(): { token: string; tokenHash: string } {
  const token = newSecret('dsp');
  return { token, tokenHash: digest(token) };
}

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The screen a token belongs to, or null if unknown or revoked. Records when it was last seen. */
export async function findDisplayByToken(db: Database, token: string) {
  const [row] = await db
    .select({ id: displayDevices.id, locationId: displayDevices.locationId, lastSeenAt: displayDevices.lastSeenAt })
    .from(displayDevices)
    .where(and(eq(displayDevices.tokenHash, digest(token)), isNull(displayDevices.revokedAt)))
    .limit(1);
  if (!row) return null;
  // At most one write a minute per screen: admins need "seen a minute ago", not every request.
  if (!row.lastSeenAt || Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.update(displayDevices).set({ lastSeenAt: new Date() }).where(eq(displayDevices.id, row.id));
  }
  return { id: row.id, locationId: row.locationId };
}
