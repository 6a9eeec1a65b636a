// Staff logins (admin, receptionist) and the login rows behind doctors and patients. The users
// table itself is reached through repository.ts.
import type { Database } from '../../../db/mysql.js';
import type { LoginRole } from '../../../db/schema/index.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { RefreshTokenStore } from '../auth/refresh-tokens.js';
import type { RevocationList } from '../auth/revocations.js';
import { findCurrentUser, insertLogin, listUsers, markDeleted, type NewLogin, publicUser } from './repository.js';

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly revocations: RevocationList,
  ) {}

  async create(login: NewLogin) {
    const id = await insertLogin(this.db, login);
    return this.get(id);
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
