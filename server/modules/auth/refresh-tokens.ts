// Refresh-token rotation with reuse detection (one family per login session).
// Each refresh spends the presented token and issues the next one in its family. A spent token
// presented again means someone else holds a copy: the whole family is revoked, which logs out
// both the thief and the victim, who must log in again.
// The family id is the session's id: access tokens carry it (`fam`), so the caller can end their
// access tokens too (RevocationList.revokeFamily) whenever this store revokes a family.
import { and, eq, gte, isNull, max } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { refreshTokens } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { digest, newSecret } from './secrets.js';

export type RefreshOutcome =
  | { ok: true; userId: string; familyId: string; next: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; familyId?: string };

export class RefreshTokenStore {
  constructor(
    private readonly db: Database,
    private readonly ttlDays: number,
  ) {}

  /** Issues a token in `familyId` (a new family when omitted, i.e. at login). */
  async issue(userId: string, familyId: string = newId()): Promise<{ token: string; familyId: string }> {
    const token = newSecret('rt');
    await this.db.insert(refreshTokens).values({
      userId,
      familyId,
      tokenHash: digest(token),
      expiresAt: new Date(Date.now() + this.ttlDays * 86_400_000),
    });
    return { token, familyId };
  }

  /**
   * Spends a token and issues the next one of its family, in one transaction that locks the
   * token's row: of two concurrent requests with the same token, the second waits, then sees it
   * spent and revokes the family, including the token the first one just issued.
   * `stillAllowed` re-checks the user (deactivated logins get no new tokens).
   */
  async rotate(token: string, stillAllowed: (userId: string) => Promise<boolean>): Promise<RefreshOutcome> {
    // The locking read and the insert into the same unique index can deadlock two concurrent
    // rotations; InnoDB then aborts one, and running it again finds the token spent.
    const outcome = await transactionWithRetry(this.db, async (tx) => {
      const [row] = await tx
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, digest(token)))
        .limit(1)
        .for('update');
      if (!row) return { ok: false as const, reason: 'unknown' as const };
      if (row.revokedAt) return { ok: false as const, reason: 'revoked' as const };
      if (row.usedAt) return { ok: false as const, reason: 'reused' as const, familyId: row.familyId };
      if (row.expiresAt.getTime() <= Date.now()) return { ok: false as const, reason: 'expired' as const };
      if (!(await stillAllowed(row.userId))) return { ok: false as const, reason: 'revoked' as const, familyId: row.familyId };
      await tx.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, row.id));
      const next = newSecret('rt');
      await tx.insert(refreshTokens).values({
        userId: row.userId,
        familyId: row.familyId,
        tokenHash: digest(next),
        expiresAt: new Date(Date.now() + this.ttlDays * 86_400_000),
      });
      return { ok: true as const, userId: row.userId, familyId: row.familyId, next };
    });
    // Revoke outside the transaction above, so the revocation is never rolled back with it.
    if (!outcome.ok && 'familyId' in outcome && outcome.familyId) await this.revokeFamily(outcome.familyId);
    return outcome;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  /** Logout: revokes the session the token belongs to and returns its family; unknown tokens are ignored (null). */
  async revokeByToken(token: string): Promise<string | null> {
    const [row] = await this.db
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, digest(token)))
      .limit(1);
    if (!row) return null;
    await this.revokeFamily(row.familyId);
    return row.familyId;
  }

  /** Ends every session of a user (deactivation, password reset). */
  async revokeAllForUser(userId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }
}

/** Sessions (refresh-token families) revoked from `since` on, with when: their access tokens are refused (revocations.ts). */
export function familiesRevokedSince(db: Database, since: Date): Promise<{ familyId: string; at: Date | null }[]> {
  return db
    .select({ familyId: refreshTokens.familyId, at: max(refreshTokens.revokedAt) })
    .from(refreshTokens)
    .where(gte(refreshTokens.revokedAt, since))
    .groupBy(refreshTokens.familyId);
}
