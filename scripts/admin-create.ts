// `npm run admin:create -- --email E --password P [--first-name F] [--last-name L]`
// Creates an admin login, or resets the password of an existing admin (and ends its sessions).
// Refuses to turn a doctor's or patient's login into an admin.
import { and, eq, isNull } from 'drizzle-orm';
import { createMysql } from '../db/mysql.js';
import { users } from '../db/schema/index.js';
import { loadConfig } from '../server/config.js';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../server/modules/auth/passwords.js';
import { RefreshTokenStore } from '../server/modules/auth/refresh-tokens.js';
import { insertLogin, normaliseEmail } from '../server/modules/users/repository.js';
import { parseFlags, runCli } from './cli.js';

await runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), ['email', 'password', 'first-name', 'last-name']);
  const email = flags.email ? normaliseEmail(flags.email) : '';
  const password = flags.password ?? '';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error('--email must be an email address');
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new Error(`--password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  }
  const config = loadConfig();
  const mysql = createMysql(config.mysqlUrl, { connectionLimit: 2 });
  try {
    const [existing] = await mysql.db
      .select()
      .from(users)
      .where(and(eq(users.email, email), isNull(users.deletedAt)));
    if (existing && existing.role !== 'admin') throw new Error(`${email} is a ${existing.role} login; use another email for the admin`);
    if (existing) {
      await mysql.db
        .update(users)
        .set({ passwordHash: await hashPassword(password), active: true })
        .where(eq(users.id, existing.id));
      await new RefreshTokenStore(mysql.db, config.auth.refreshTokenTtlDays).revokeAllForUser(existing.id);
      console.log(`admin ${email}: password reset, sessions ended (id ${existing.id})`);
    } else {
      const id = await insertLogin(mysql.db, {
        email,
        password,
        role: 'admin',
        firstName: flags['first-name'] ?? 'Clinic',
        lastName: flags['last-name'] ?? 'Admin',
      });
      console.log(`admin ${email}: created (id ${id})`);
    }
  } finally {
    await mysql.close();
  }
});
