// Refresh-token rotation with reuse detection (one family per login session).
// Each refresh spends the presented token and issues the next one in its family. A spent token
// presented again means someone else holds a copy: the whole family is revoked, which logs out
// both the thief and the victim, who must log in again.
import { and, eq, isNull } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { refreshTokens } from '../../../db/schema/index.js';
import { digest, newSecret } from './secrets.js';

export type RefreshOutcome =
  | { ok: true; userId: string; familyId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

export class RefreshTokenStore {
  constructor(
    private readonly db: Database,
    private readonly ttlDays: number,
  ) {}

  /** Issues a token in `familyId` (a new family when omitted, i.e. at login). */
  async issue(userId: string, familyId: string = newId()): Promise<string> {
    const token = newSecret('rt');
    await this.db.insert(refreshTokens).values({
      userId,
      familyId,
      tokenHash: digest(token),
      expiresAt: new Date(Date.now() + this.ttlDays * 86_400_000),
    });
    return token;
  }

  /** Spends a token. Exactly one concurrent caller can spend it; any later one counts as reuse. */
  async spend(token: string): Promise<RefreshOutcome> {
    const [row] = await this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, digest(token)))
      .limit(1);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    if (row.usedAt) {
      await this.revokeFamily(row.familyId);
      return { ok: false, reason: 'reused' };
    }
    if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    const [result] = await this.db
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)));
    if (result.affectedRows !== 1) {
      // Another request spent it between our read and our write: that is a reuse too.
      await this.revokeFamily(row.familyId);
      return { ok: false, reason: 'reused' };
    }
    return { ok: true, userId: row.userId, familyId: row.familyId };
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  /** Logout: revokes the session the token belongs to. Unknown tokens are ignored. */
  async revokeByToken(token: string): Promise<void> {
    const [row] = await this.db
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, digest(token)))
      .limit(1);
    if (row) await this.revokeFamily(row.familyId);
  }

  /** Ends every session of a user (deactivation, password reset). */
  async revokeAllForUser(userId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }
}
