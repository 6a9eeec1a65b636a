// Staff logins (admin, receptionist, pharmacist, nurse) and the login rows behind doctors and patients. The users
// table itself is reached through repository.ts.
import type { Database } from '../../../db/mysql.js';
import type { LoginRole } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../errors.js';
import type { RefreshTokenStore } from '../auth/refresh-tokens.js';
import type { RevocationList } from '../auth/revocations.js';
import { assertLocationsExist } from '../locations/repository.js';
import { findCurrentUser, insertLogin, listUsers, markDeleted, type NewLogin, publicUser, setUserLocations } from './repository.js';

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly revocations: RevocationList,
  ) {}

  async create({ locationIds, ...login }: NewLogin & { locationIds?: string[] }) {
    if (!locationIds) return this.get(await insertLogin(this.db, login));
    if (login.role !== 'pharmacist' && login.role !== 'nurse')
      throw invalidField('locationIds', 'Only pharmacists and nurses work at locations');
    await assertLocationsExist(this.db, locationIds);
    const id = await transactionWithRetry(this.db, async (tx) => {
      const created = await insertLogin(tx, login);
      await setUserLocations(tx, created, locationIds);
      return created;
    });
    return { ...(await this.get(id)), locationIds: [...new Set(locationIds)] };
  }

  async get(id: string) {
    const row = await findCurrentUser(this.db, id);
    if (!row) throw notFound('User');
    return publicUser(row);
  }

  async list(filter: { role?: LoginRole; limit: number; offset: number }) {
    const { rows, total } = await listUsers(this.db, filter);
    return { users: rows.map(publicUser), total, limit: filter.limit, offset: filter.offset };
  }

  /** Soft delete: the row stays for history, the email is free again, and every session and access token ends now. */
  async deactivate(id: string, actorUserId: string): Promise<void> {
    if (id === actorUserId) throw new AppError(409, ErrorCode.CONFLICT, 'You cannot deactivate your own login');
    if (!(await markDeleted(this.db, id))) throw notFound('User');
    await this.refreshTokens.revokeAllForUser(id);
    await this.revocations.revoke(id);
  }
}
