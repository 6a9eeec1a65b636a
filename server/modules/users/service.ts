// Staff logins (admin, receptionist) and the login rows behind doctors and patients.
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { type LoginRole, users } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode, notFound } from '../../errors.js';
import { hashPassword } from '../auth/passwords.js';
import type { RefreshTokenStore } from '../auth/refresh-tokens.js';
import type { RevocationList } from '../auth/revocations.js';
import { normaliseEmail } from '../auth/service.js';

export interface NewLogin {
  email: string;
  password: string | null;
  role: LoginRole;
  firstName: string;
  lastName: string;
}

const emailTaken = () => new AppError(409, ErrorCode.EMAIL_TAKEN, 'A login with this email already exists');

/** Inserts a login row inside the caller's transaction; 409 EMAIL_TAKEN if the email is in use. */
export async function insertLogin(tx: Database | Tx, login: NewLogin): Promise<string> {
  const passwordHash = login.password === null ? null : await hashPassword(login.password);
  const values = {
    email: normaliseEmail(login.email),
    role: login.role,
    passwordHash,
    firstName: login.firstName.trim(),
    lastName: login.lastName.trim(),
  };
  if (!values.firstName || !values.lastName) throw badRequest('firstName and lastName must not be blank');
  try {
    const [row] = await tx.insert(users).values(values).$returningId();
    if (!row) throw new Error('insert returned no id');
    return row.id;
  } catch (err) {
    if (isDuplicateKey(err, 'users_active_email_unique')) throw emailTaken();
    throw err;
  }
}

export function publicUser(row: typeof users.$inferSelect) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    firstName: row.firstName,
    lastName: row.lastName,
    active: row.active,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A login as the API shows it, or null. */
export async function findUser(db: Database, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? publicUser(row) : null;
}

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
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.id, id), isNull(users.deletedAt)));
    if (!row) throw notFound('User');
    return publicUser(row);
  }

  async list(filter: { role?: LoginRole; limit: number; offset: number }) {
    const where = and(isNull(users.deletedAt), filter.role ? eq(users.role, filter.role) : undefined);
    const [rows, [total]] = await Promise.all([
      this.db.select().from(users).where(where).orderBy(asc(users.email)).limit(filter.limit).offset(filter.offset),
      this.db.select({ n: count() }).from(users).where(where),
    ]);
    return { users: rows.map(publicUser), total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
  }

  /** Soft delete: the row stays for history, the email is free again, and every session and access token ends now. */
  async deactivate(id: string, actorUserId: string): Promise<void> {
    if (id === actorUserId) throw new AppError(409, ErrorCode.CONFLICT, 'You cannot deactivate your own login');
    const [result] = await this.db
      .update(users)
      .set({ active: false, deletedAt: new Date() })
      .where(and(eq(users.id, id), isNull(users.deletedAt)));
    if (result.affectedRows !== 1) throw notFound('User');
    await this.refreshTokens.revokeAllForUser(id);
    await this.revocations.revoke(id);
  }
}
