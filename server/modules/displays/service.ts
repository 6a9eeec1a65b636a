// Waiting-room screens: an admin creates one per screen and gets its token once.
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { displayDevices } from '../../../db/schema/index.js';
import { badRequest, notFound } from '../../errors.js';
import { getLocation } from '../locations/repository.js';
import { newDisplayToken } from './tokens.js';

/** A screen seen within this long is online: it beats every 30 s, and a beat is written at most every 30 s. */
export const ONLINE_WITHIN_MS = 90_000;
const SEEN_RESOLUTION_MS = 30_000;

function publicDisplay(row: typeof displayDevices.$inferSelect, now = Date.now()) {
  return {
    id: row.id,
    locationId: row.locationId,
    name: row.name,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    online: !row.revokedAt && !!row.lastSeenAt && now - row.lastSeenAt.getTime() <= ONLINE_WITHIN_MS,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export class DisplaysService {
  constructor(private readonly db: Database) {}

  async create(input: { locationId: string; name: string }, createdBy: string) {
    const name = input.name.trim();
    if (!name) throw badRequest('name must not be blank');
    await getLocation(this.db, input.locationId);
    const { token, tokenHash } = newDisplayToken();
    const [row] = await this.db.insert(displayDevices).values({ locationId: input.locationId, name, tokenHash, createdBy }).$returningId();
    const [saved] = await this.db.select().from(displayDevices).where(eq(displayDevices.id, row!.id));
    return { id: saved!.id, locationId: saved!.locationId, name: saved!.name, token, createdAt: saved!.createdAt.toISOString() };
  }

  async list(locationId?: string) {
    const rows = await this.db
      .select()
      .from(displayDevices)
      .where(locationId ? eq(displayDevices.locationId, locationId) : undefined)
      .orderBy(asc(displayDevices.name));
    const now = Date.now();
    return { displays: rows.map((row) => publicDisplay(row, now)) };
  }

  async assertActive(id: string): Promise<void> {
    const [row] = await this.db
      .select({ id: displayDevices.id })
      .from(displayDevices)
      .where(and(eq(displayDevices.id, id), isNull(displayDevices.revokedAt)));
    if (!row) throw notFound('Display');
  }

  /** A screen's heartbeat: admins see when each one was last seen. */
  async seen(id: string): Promise<void> {
    // At most one write per screen every 30 s, however often it beats: fresh enough for "online".
    const recently = new Date(Date.now() - SEEN_RESOLUTION_MS);
    await this.db
      .update(displayDevices)
      .set({ lastSeenAt: new Date() })
      .where(and(eq(displayDevices.id, id), or(isNull(displayDevices.lastSeenAt), lt(displayDevices.lastSeenAt, recently))));
  }

  /** Revoking takes effect on the next request the screen makes. */
  async revoke(id: string): Promise<void> {
    const [result] = await this.db
      .update(displayDevices)
      .set({ revokedAt: new Date() })
      .where(and(eq(displayDevices.id, id), isNull(displayDevices.revokedAt)));
    if (result.affectedRows !== 1) throw notFound('Display');
  }
}
