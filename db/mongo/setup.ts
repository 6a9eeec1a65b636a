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
}
