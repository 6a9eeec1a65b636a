// Applies the committed drizzle-kit migrations to a MySQL/MariaDB database, creating it first.
// Safe to re-run and safe to run from two processes at once (a named lock serialises them).
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { loadMedicationCatalogue } from './catalogue.js';
import { connectionOptions, databaseName, serverUrl } from './mysql.js';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const LOCK = 'clinic_hub_migrate';

export async function migrateMysql(url: string, log: (line: string) => void = () => {}): Promise<void> {
  const name = databaseName(url);
  const server = await mysql.createConnection(connectionOptions(serverUrl(url)));
  try {
    // utf8mb4_unicode_520_ci exists on both MySQL 8 and MariaDB 10.11 (0900_ai_ci is MySQL-only)
    // and, unlike unicode_ci, tells emoji apart.
    await server.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`);
    log(`mysql: database ${name} ready`);
  } finally {
    await server.end();
  }

  const conn = await mysql.createConnection(connectionOptions(url));
  try {
    await conn.query("SET time_zone = '+00:00'");
    const [rows] = await conn.query('SELECT GET_LOCK(?, 60) AS got', [LOCK]);
    if ((rows as { got: number }[])[0]?.got !== 1) throw new Error('could not take the migration lock within 60 s');
    try {
      await migrate(drizzle({ client: conn }), { migrationsFolder: MIGRATIONS });
      log('mysql: migrations applied');
      const added = await loadMedicationCatalogue(conn);
      log(`mysql: medication catalogue loaded (${added} new entries)`);
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [LOCK]);
    }
  } finally {
    await conn.end();
  }
}
