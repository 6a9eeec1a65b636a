// Staff logins (admin, receptionist, pharmacist, nurse) and the login rows behind doctors and patients. The users
// table itself is reached through repository.ts.
import type { Database } from '../../../db/mysql.js';
import type { LoginRole } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../errors.js';
import { hashPassword } from '../auth/passwords.js';
import type { RefreshTokenStore } from '../auth/refresh-tokens.js';
import type { RevocationList } from '../auth/revocations.js';
import { assertLocationsExist } from '../locations/repository.js';
import {
  findCurrentUser,
  insertLogin,
  listUsers,
  locationsOfUsers,
  markDeleted,
  membershipsAt,
  type NewLogin,
  publicUser,
  setUserLocations,
  updateLogin,
} from './repository.js';

/** The roles that work at particular locations (their screens show only those locations' work). */
const LOCATED_ROLES: readonly LoginRole[] = ['pharmacist', 'nurse'];

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly revocations: RevocationList,
  ) {}

  /** Who works at the location (404 when there is no such location). */
  async staffAt(locationId: string) {
    await assertLocationsExist(this.db, [locationId]);
    return { staff: await membershipsAt(this.db, locationId) };
  }

  async create({ locationIds, ...login }: NewLogin & { locationIds?: string[] }) {
    if (!locationIds) return this.get(await insertLogin(this.db, login));
    if (!LOCATED_ROLES.includes(login.role)) throw invalidField('locationIds', 'Only pharmacists and nurses work at locations');
    await assertLocationsExist(this.db, locationIds);
    const id = await transactionWithRetry(this.db, async (tx) => {
      const created = await insertLogin(tx, login);
      await setUserLocations(tx, created, locationIds);
      return created;
    });
    return this.get(id);
  }

  async get(id: string) {
    const row = await findCurrentUser(this.db, id);
    if (!row) throw notFound('User');
    const located = await locationsOfUsers(this.db, [id]);
    return { ...publicUser(row), locationIds: located.get(id) ?? [] };
  }

  async list(filter: { role?: LoginRole; locationId?: string; limit: number; offset: number }) {
    const { rows, total } = await listUsers(this.db, filter);
    const located = await locationsOfUsers(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      users: rows.map((r) => ({ ...publicUser(r), locationIds: located.get(r.id) ?? [] })),
      total,
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  /** Replaces the locations a pharmacist or nurse works at (an empty list: none, so they can do nothing). */
  async setLocations(id: string, locationIds: string[]) {
    const row = await findCurrentUser(this.db, id);
    if (!row) throw notFound('User');
    if (!LOCATED_ROLES.includes(row.role)) throw invalidField('locationIds', 'Only pharmacists and nurses work at locations');
    await assertLocationsExist(this.db, locationIds);
    await transactionWithRetry(this.db, (tx) => setUserLocations(tx, id, locationIds));
    return this.get(id);
  }

  /**
   * Deactivates (active false: the login is refused and every session ends now, the email stays
   * taken) or reactivates a login, or renames a staff login (doctors and patients are renamed on
   * their own records, which keep the login's name in step).
   */
  async update(id: string, input: { active?: boolean; firstName?: string; lastName?: string }, actorUserId: string) {
    const row = await findCurrentUser(this.db, id);
    if (!row) throw notFound('User');
    if (input.active === false && id === actorUserId) throw new AppError(409, ErrorCode.CONFLICT, 'You cannot deactivate your own login');
    const names = { firstName: input.firstName?.trim(), lastName: input.lastName?.trim() };
    for (const field of ['firstName', 'lastName'] as const) {
      if (names[field] === undefined) continue;
      if (!names[field]) throw invalidField(field, 'must not be blank');
      if (row.role === 'doctor' || row.role === 'patient') {
        throw invalidField(field, `A ${row.role}’s name changes on their ${row.role} record`);
      }
    }
    await updateLogin(this.db, id, { active: input.active, ...names });
    if (input.active === false) await this.endSessions(id);
    return this.get(id);
  }

  /**
   * An admin sets a new password (the person forgot theirs, or it leaked): every session of the
   * login ends at once, on every node, as after a deactivation.
   */
  async resetPassword(id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    if (!(await updateLogin(this.db, id, { passwordHash }))) throw notFound('User');
    await this.endSessions(id);
  }

  /** Soft delete: the row stays for history, the email is free again, and every session and access token ends now. */
  async deactivate(id: string, actorUserId: string): Promise<void> {
    if (id === actorUserId) throw new AppError(409, ErrorCode.CONFLICT, 'You cannot deactivate your own login');
    if (!(await markDeleted(this.db, id))) throw notFound('User');
    await this.endSessions(id);
  }

  /** Refresh tokens revoked, access tokens issued until now refused; the caller closes the login's sockets. */
  private async endSessions(id: string): Promise<void> {
    await this.refreshTokens.revokeAllForUser(id);
    await this.revocations.revoke(id);
  }
}
