import { sql } from 'drizzle-orm';
import { boolean, index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';

export const ROLES = ['admin', 'receptionist', 'doctor', 'nurse', 'pharmacist', 'patient', 'display'] as const;
export type Role = (typeof ROLES)[number];
/** Roles a person logs in with; `display` belongs to screens, which hold device tokens instead. */
export const LOGIN_ROLES = ['admin', 'receptionist', 'doctor', 'nurse', 'pharmacist', 'patient'] as const;
export type LoginRole = (typeof LOGIN_ROLES)[number];

export const users = mysqlTable(
  'users',
  {
    id: idColumn(),
    email: varchar('email', { length: 254 }).notNull(),
    role: mysqlEnum('role', LOGIN_ROLES).notNull(),
    passwordHash: varchar('password_hash', { length: 255 }),
    firstName: varchar('first_name', { length: 100 }).notNull(),
    lastName: varchar('last_name', { length: 100 }).notNull(),
    active: boolean('active').notNull().default(true),
    lastLoginAt: instant('last_login_at'),
    deletedAt: instant('deleted_at'),
    /** The email while the login is not deleted, NULL after: a deleted login frees its email. */
    activeEmail: varchar('active_email', { length: 254 }).generatedAlwaysAs(sql`(case when deleted_at is null then email end)`, {
      mode: 'stored',
    }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_active_email_unique').on(t.activeEmail),
    index('users_email_idx').on(t.email),
    index('users_role_idx').on(t.role),
    // Recent deactivations are read back into the access-token deny-list (auth/revocations.ts).
    index('users_deleted_at_idx').on(t.deletedAt),
  ],
);

/**
 * One row per refresh token ever issued. Rotation marks a token used and issues the next one in
 * the same family; presenting a used token again means it was stolen, so the family is revoked.
 * Only a SHA-256 of the token is stored.
 */
export const refreshTokens = mysqlTable(
  'refresh_tokens',
  {
    id: idColumn(),
    userId: idRef('user_id')
      .notNull()
      .references(() => users.id),
    familyId: varchar('family_id', { length: 26 }).notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    revokedAt: instant('revoked_at'),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_unique').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
    // Recently revoked sessions are read back into the access-token deny-list (auth/revocations.ts).
    index('refresh_tokens_revoked_at_idx').on(t.revokedAt),
  ],
);
