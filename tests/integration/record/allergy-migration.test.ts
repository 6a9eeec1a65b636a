// Migration 0014 turns each patient's old list of allergy strings into structured entries: every
// old entry survives (same text, same order of recording, duplicates kept, blanks dropped), with
// severity "unknown" because the old list never said.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../../../db/ids.js';
import { testEnv } from '../../support/env.js';
import { uniqueName } from '../../support/test-hub.js';

const MIGRATIONS = fileURLToPath(new URL('../../../db/migrations', import.meta.url));
const database = uniqueName('clinic_mig');
const server = await mysql.createConnection({ uri: testEnv().mysqlServerUrl, multipleStatements: false });
await server.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`);
const conn = await mysql.createConnection({ uri: `${testEnv().mysqlServerUrl}${database}`, timezone: 'Z' });
afterAll(async () => {
  await conn.end();
  await server.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await server.end();
});

/** The migrations folder as it was before the medical record (journal cut before 0014). */
function migrationsUpTo(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  journal.entries = journal.entries.slice(0, at + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

async function insertPatient(id: string, allergies: unknown) {
  await conn.query(
    `INSERT INTO patients (id, first_name, last_name, date_of_birth, phone, allergies, timezone, created_at, updated_at)
     VALUES (?, 'Ada', ?, '1980-01-01', '+14155550100', ?, 'UTC', '2025-03-01 09:00:00', '2025-03-01 09:00:00')`,
    [id, `P${id.slice(-4)}`, JSON.stringify(allergies)],
  );
}

describe('the allergy migration', () => {
  it('keeps every old entry as a structured allergy', async () => {
    await migrate(drizzle({ client: conn }), { migrationsFolder: migrationsUpTo('0013_billing') });
    const before: Record<string, string[]> = {
      '01JAAAAAAAAAAAAAAAAAAAAAA1': ['Penicillin', 'Latex', 'penicillin'],
      '01JAAAAAAAAAAAAAAAAAAAAAA2': [],
      '01JAAAAAAAAAAAAAAAAAAAAAA3': ['  Shellfish ', '', 'Pollen — ragweed', 'Ibuprofen (NSAIDs)'],
    };
    for (const [id, allergies] of Object.entries(before)) await insertPatient(id, allergies);

    await migrate(drizzle({ client: conn }), { migrationsFolder: MIGRATIONS });

    const [rows] = await conn.query(
      'SELECT id, patient_id, substance, severity, status, recorded_by, recorded_at FROM patient_allergies ORDER BY patient_id, id',
    );
    const migrated = rows as {
      id: string;
      patient_id: string;
      substance: string;
      severity: string;
      status: string;
      recorded_by: string | null;
      recorded_at: Date;
    }[];
    for (const [patientId, allergies] of Object.entries(before)) {
      const expected = allergies
        .map((a) => a.trim())
        .filter(Boolean)
        .sort();
      expect(
        migrated
          .filter((r) => r.patient_id === patientId)
          .map((r) => r.substance)
          .sort(),
      ).toEqual(expected);
    }
    expect(migrated).toHaveLength(6);
    expect(new Set(migrated.map((r) => r.id)).size).toBe(6);
    for (const r of migrated) {
      expect(r.id).toMatch(new RegExp(ID_PATTERN));
      expect(r).toMatchObject({ severity: 'unknown', status: 'active', recorded_by: null });
      expect(r.recorded_at.toISOString()).toBe('2025-03-01T09:00:00.000Z');
    }
    const [columns] = await conn.query("SHOW COLUMNS FROM patients LIKE 'allergies'");
    expect(columns).toEqual([]);
  });
});
