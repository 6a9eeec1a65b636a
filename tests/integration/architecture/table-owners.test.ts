// Every MySQL table has one owning module (server/modules/<owner>/): only that module's files
// query it; every other module calls the owner's repository. A few reads may join another
// module's table in the same query, read-only, where one round trip matters (each is listed below
// with its reason). A new table without an owner, or a query of someone else's table, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { MySqlTable } from 'drizzle-orm/mysql-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../db/schema/index.js';

/** Module → the tables (their exported names in db/schema) it owns. */
const OWNERS: Record<string, string[]> = {
  auth: ['refreshTokens'],
  users: ['users', 'userLocations'],
  patients: ['patients'],
  doctors: ['doctors', 'specialties', 'doctorSpecialties', 'scheduleRules', 'unavailability'],
  locations: ['locations'],
  displays: ['displayDevices'],
  scheduling: ['appointments', 'appointmentTypes', 'ticketCounters', 'slotHolds', 'idempotencyKeys'],
  outbox: ['outboxEvents'],
  notifications: ['notificationLog', 'notificationTemplates'],
  metrics: ['locationDailyMetrics'],
  medications: ['medications'],
  prescriptions: ['prescriptions', 'prescriptionItems', 'prescriptionCounters', 'refillRequests'],
  inventory: ['inventoryLots', 'stockMovements', 'stockLevels'],
  pharmacy: ['dispenses', 'dispenseLines'],
  record: ['patientAllergies', 'patientConditions', 'patientMedications', 'patientHistory', 'vitalSigns'],
  billing: [
    'billingCounters',
    'invoices',
    'invoiceLines',
    'payments',
    'refunds',
    'insuranceClaims',
    'onlineCheckouts',
    'stripeEvents',
    'cashUps',
  ],
};

/** Read-only joins of another module's tables, by file, and why they are joins and not calls. */
const ALLOWED_JOINS: Record<string, string[]> = {
  // Every sign-in and refresh: a principal carries the patient or doctor record of its login.
  'server/modules/users/repository.ts': ['patients', 'doctors'],
  // Every booking (weekly rules with each location's zone) and every queue change (home zone).
  'server/modules/doctors/repository.ts': ['locations'],
  // Every queue change and every reminder: names in the queue, rooms in recent calls, a reminder's contact and address.
  'server/modules/scheduling/appointments-repository.ts': ['patients', 'doctors', 'locations'],
  // Inside every booking transaction: busy time is visits, holds and time off in one UNION query.
  'server/modules/scheduling/calendar.ts': ['unavailability'],
  // The booking hot path as prepared statements (issue 20): the doctor's row locked with its weekly rules in one statement,
  // time off with the busy times, the patient's row locked for the visit limits, the location's zone and limits.
  'server/modules/scheduling/booking-statements.ts': ['locations', 'patients', 'doctors', 'scheduleRules', 'unavailability'],
  // Every board push (issue 20): the location, its doctors, their queues with initials and the last calls in one statement.
  'server/modules/scheduling/board-repository.ts': ['locations', 'patients', 'doctors'],
  // Every refresh of a nurse's triage screen: today's visits at a location with the patients' and doctors' names.
  'server/modules/scheduling/triage-repository.ts': ['patients', 'doctors'],
  // The reconciler: which of thousands of pending messages and visits need their jobs back, one query each.
  'server/modules/notifications/log.ts': ['appointments'],
  // The daily metrics: how many of each day's visits at a location had their feedback request sent, for hundreds of days at once.
  'server/modules/notifications/feedback-requested.ts': ['appointments'],
};

const root = join(import.meta.dirname, '../../..');
const tables = Object.entries(schema).filter(([, value]) => is(value, MySqlTable)) as [string, MySqlTable][];
const ownerOf = new Map(Object.entries(OWNERS).flatMap(([module, names]) => names.map((name) => [name, module] as const)));
const sqlNameOf = new Map(tables.map(([name, table]) => [name, getTableName(table)]));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** The module a file belongs to (server/modules/<module>/…), or null for shared code (plugins, jobs, workers). */
const moduleOf = (file: string) => /^server\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;

/** Tables a file imports as values from db/schema. */
function importedTables(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'[./]+db\/schema\/[^']*'/g)) {
    if (m[1]) continue;
    for (const part of m[2]!.split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type ') && sqlNameOf.has(name)) names.push(name);
    }
  }
  return names;
}

/** Tables a file names in raw SQL (from / join / update / into <table>). */
function tablesInRawSql(text: string): string[] {
  const found: string[] = [];
  for (const [name, sqlName] of sqlNameOf) {
    if (new RegExp(`\\b(from|join|update|into)\\s+\`?${sqlName}\\b`, 'i').test(text)) found.push(name);
  }
  return found;
}

describe('table owners', () => {
  it('every table has exactly one owning module', () => {
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.map(([name]) => name).filter((name) => !ownerOf.has(name))).toEqual([]);
    for (const names of Object.values(OWNERS)) for (const name of names) expect(sqlNameOf.has(name), name).toBe(true);
  });

  it('only the owner queries a table; others call its repository', () => {
    const offenders: string[] = [];
    for (const file of [...sources('server'), ...sources('workers')]) {
      const text = readFileSync(join(root, file), 'utf8');
      const used = new Set([...importedTables(text), ...tablesInRawSql(text)]);
      for (const table of used) {
        if (ownerOf.get(table) === moduleOf(file) || ALLOWED_JOINS[file]?.includes(table)) continue;
        offenders.push(`${file} uses ${table} (owned by ${ownerOf.get(table)})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('catches a query of another module’s table', () => {
    // The check itself: a file in messaging that imports appointments, or names it in SQL.
    expect(importedTables("import { appointments } from '../../../db/schema/index.js';")).toEqual(['appointments']);
    expect(importedTables("import type { AppointmentStatus } from '../../../db/schema/index.js';")).toEqual([]);
    expect(tablesInRawSql('select id from appointments where x')).toEqual(['appointments']);
  });
});
