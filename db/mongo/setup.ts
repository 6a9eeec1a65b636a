// Creates the MongoDB collections, validators and indexes of db/mongo/collections.ts.
import type { Db } from 'mongodb';
import { COLLECTIONS, type CollectionSpec } from './collections.js';

async function ensureCollection(db: Db, spec: CollectionSpec): Promise<void> {
  const exists = (await db.listCollections({ name: spec.name }, { nameOnly: true }).toArray()).length > 0;
  const validation = spec.validator ? { validator: spec.validator, validationLevel: 'strict', validationAction: 'error' } : {};
  if (!exists) await db.createCollection(spec.name, validation);
  else if (spec.validator) await db.command({ collMod: spec.name, ...validation });
  for (const index of spec.indexes) await db.collection(spec.name).createIndex(index.key, index.options);
}

export async function setupMongo(db: Db, log: (line: string) => void = () => {}, specs = COLLECTIONS): Promise<void> {
  await db.command({ ping: 1 });
  for (const spec of specs) {
    await ensureCollection(db, spec);
    log(`mongo: ${spec.name} ready (${spec.indexes.length} indexes)`);
  }
  log(`mongo: ${specs.length} collections ready`);
  if (specs.some((s) => s.name === 'audit_events')) {
    const scrubbed = await scrubAuditContent(db);
    if (scrubbed) log(`mongo: audit_events: ${scrubbed} older entries scrubbed of their before/after documents`);
  }
}

/**
 * Entries written before 2026-12 kept whole documents as `before`/`after` (a SOAP note, a
 * message, a display's token). They are removed here, once: what remains says who did what to
 * which record, when, and with what outcome. Safe to run again (it matches nothing then).
 */
export async function scrubAuditContent(db: Db): Promise<number> {
  const result = await db
    .collection('audit_events')
    .updateMany(
      { $or: [{ before: { $exists: true } }, { after: { $exists: true } }] },
      { $unset: { before: '', after: '' }, $set: { changes: null, scrubbed: true } },
    );
  return result.modifiedCount;
}
