// Loads the medication catalogue every clinic starts with (db/seed-data/medications.ts) into the
// medications table, after the migrations. INSERT IGNORE on the entry's identity (generic name,
// form, strength, name): entries a clinic already has, edited or withdrawn, are left as they are,
// and a catalogue grown in a later release adds only what is new.
import type { Connection } from 'mysql2/promise';
import { newId } from './ids.js';
import { MEDICATION_CATALOGUE } from './seed-data/medications.js';

export async function loadMedicationCatalogue(conn: Connection): Promise<number> {
  const now = new Date();
  const rows = MEDICATION_CATALOGUE.map((m) => [
    newId(),
    m.name,
    m.genericName,
    m.form,
    m.strength,
    JSON.stringify(m.classes),
    m.requiresPrescription,
    m.controlled,
    now,
    now,
  ]);
  const [result] = await conn.query(
    'INSERT IGNORE INTO medications (id, name, generic_name, form, strength, classes, requires_prescription, controlled, created_at, updated_at) VALUES ?',
    [rows],
  );
  return (result as { affectedRows: number }).affectedRows;
}
