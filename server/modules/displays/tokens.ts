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

export async function findDisplayByToken(db: Database, token: string) {
  const [row] = await db
    .select({ id: displayDevices.id, locationId: displayDevices.locationId })
    .from(displayDevices)
    .where(and(eq(displayDevices.tokenHash, digest(token)), isNull(displayDevices.revokedAt)))
    .limit(1);
  return row ?? null;
}
