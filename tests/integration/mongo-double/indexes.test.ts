import { type Db, MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness, waitFor } from './helpers.js';

let h: DoubleHarness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('indexes');
});

afterAll(async () => {
  await h.close();
});

describe('unique indexes', () => {
  it('rejects a duplicate with E11000, keyPattern and keyValue', async () => {
    const users = db.collection('users');
    expect(await users.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    await users.insertOne({ email: 'ada@example.org' });
    const err = await caught(() => users.insertOne({ email: 'ada@example.org' }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(11000);
    expect(err.message).toBe('E11000 duplicate key error collection: indexes.users index: email_1 dup key: { email: "ada@example.org" }');
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: 'ada@example.org' });
    expect(await users.countDocuments()).toBe(1);
  });

  it('rejects a duplicate _id on the _id_ index', async () => {
    const coll = db.collection('dup_ids');
    const _id = new ObjectId();
    await coll.insertOne({ _id, v: 1 });
    const err = await caught(() => coll.insertOne({ _id, v: 2 }));
    expect(err.code).toBe(11000);
    expect(err.message).toContain('index: _id_ dup key: { _id: ObjectId(');
    expect((err.keyValue as { _id: ObjectId })._id.equals(_id)).toBe(true);
    expect((await coll.findOne({ _id }))?.v).toBe(1);
  });

  it('ordered insertMany stops at the first error; unordered reports all', async () => {
    const coll = db.collection('batches');
    await coll.createIndex({ k: 1 }, { unique: true });
    const ordered = await caught(() => coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }]));
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    const orderedErr = ordered as unknown as MongoBulkWriteError;
    expect(orderedErr.insertedCount).toBe(1);
    const orderedErrors = Array.isArray(orderedErr.writeErrors) ? orderedErr.writeErrors : [orderedErr.writeErrors];
    expect(orderedErrors.map((e) => [e.index, e.code])).toEqual([[1, 11000]]);
    expect(await coll.countDocuments()).toBe(1);

    await coll.deleteMany({});
    const unordered = (await caught(() =>
      coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }, { k: 3 }], { ordered: false }),
    )) as unknown as MongoBulkWriteError;
    expect(unordered.insertedCount).toBe(3);
    const writeErrors = Array.isArray(unordered.writeErrors) ? unordered.writeErrors : [unordered.writeErrors];
    expect(writeErrors.map((e) => e.index)).toEqual([1, 3]);
    expect(writeErrors.every((e) => e.code === 11000)).toBe(true);
    expect((await coll.find().sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([1, 2, 3]);
  });

  it('enforces compound unique indexes on the combination only', async () => {
    const slots = db.collection('slots');
    await slots.createIndex({ clinicId: 1, startsAt: 1 }, { unique: true });
    const at = new Date('2024-05-01T09:00:00Z');
    await slots.insertOne({ clinicId: 'c1', startsAt: at });
    await slots.insertOne({ clinicId: 'c2', startsAt: at });
    await slots.insertOne({ clinicId: 'c1', startsAt: new Date('2024-05-01T09:30:00Z') });
    const err = await caught(() => slots.insertOne({ clinicId: 'c1', startsAt: at }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ clinicId: 1, startsAt: 1 });
    expect(err.keyValue).toEqual({ clinicId: 'c1', startsAt: at });
    expect(err.message).toContain('index: clinicId_1_startsAt_1 dup key: { clinicId: "c1", startsAt: new Date(');
  });

  it('treats a missing field as null unless the index is sparse or partial', async () => {
    const plain = db.collection('nulls_plain');
    await plain.createIndex({ ref: 1 }, { unique: true });
    await plain.insertOne({ a: 1 });
    const err = await caught(() => plain.insertOne({ a: 2 }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ ref: null });

    const sparse = db.collection('nulls_sparse');
    await sparse.createIndex({ ref: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { ref: 'x' }]);
    expect((await caught(() => sparse.insertOne({ ref: 'x' }))).code).toBe(11000);
  });

  it('honours partialFilterExpression', async () => {
    const bookings = db.collection('bookings');
    await bookings.createIndex(
      { patientId: 1, day: 1 },
      { unique: true, partialFilterExpression: { status: 'active' }, name: 'one_active_booking_per_day' },
    );
    await bookings.insertOne({ patientId: 'p1', day: '2024-05-01', status: 'active' });
    await bookings.insertOne({ patientId: 'p1', day: '2024-05-01', status: 'cancelled' });
    await bookings.insertOne({ patientId: 'p1', day: '2024-05-01', status: 'cancelled' });
    const err = await caught(() => bookings.insertOne({ patientId: 'p1', day: '2024-05-01', status: 'active' }));
    expect(err.code).toBe(11000);
    expect(err.message).toContain('index: one_active_booking_per_day');
    // Re-activating a cancelled booking is a duplicate too.
    const upd = await caught(() => bookings.updateOne({ status: 'cancelled' }, { $set: { status: 'active' } }));
    expect(upd.code).toBe(11000);
    expect(await bookings.countDocuments({ status: 'active' })).toBe(1);
  });

  it('checks updates, upserts and findOneAndUpdate', async () => {
    const coll = db.collection('upd_unique');
    await coll.createIndex({ name: 1 }, { unique: true });
    await coll.insertMany([{ name: 'a' }, { name: 'b' }]);
    expect((await caught(() => coll.updateOne({ name: 'b' }, { $set: { name: 'a' } }))).code).toBe(11000);
    expect((await caught(() => coll.updateOne({ name: 'zz' }, { $set: { name: 'a' } }, { upsert: true }))).code).toBe(11000);
    const fam = await caught(() => coll.findOneAndUpdate({ name: 'b' }, { $set: { name: 'a' } }));
    expect(fam.code).toBe(11000);
    expect(fam.keyValue).toEqual({ name: 'a' });
    // Updating a document to its own key is fine.
    expect((await coll.updateOne({ name: 'b' }, { $set: { name: 'b', x: 1 } })).modifiedCount).toBe(1);
    // A multi-update is not atomic: the first document changes, the second hits E11000.
    expect((await caught(() => coll.updateMany({}, { $set: { name: 'same' } }))).code).toBe(11000);
    expect((await coll.find().sort({ name: 1 }).toArray()).map((d) => d.name)).toEqual(['b', 'same']);
  });

  it('fails to build a unique index over existing duplicates', async () => {
    const coll = db.collection('dups_before');
    await coll.insertMany([{ v: 1 }, { v: 1 }]);
    const err = await caught(() => coll.createIndex({ v: 1 }, { unique: true }));
    expect(err.code).toBe(11000);
    expect(err.message).toContain('E11000 duplicate key error collection: indexes.dups_before index: v_1');
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('index management', () => {
  it('listIndexes includes the _id_ index and the options given', async () => {
    const coll = db.collection('listed');
    await coll.createIndexes([
      { key: { a: 1 }, name: 'a_1' },
      { key: { b: -1, c: 1 }, unique: true },
      { key: { at: 1 }, expireAfterSeconds: 3600 },
    ]);
    const specs = await coll.listIndexes().toArray();
    expect(specs).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { a: 1 }, name: 'a_1' },
      { v: 2, key: { b: -1, c: 1 }, name: 'b_-1_c_1', unique: true },
      { v: 2, key: { at: 1 }, name: 'at_1', expireAfterSeconds: 3600 },
    ]);
    expect(await coll.indexExists('b_-1_c_1')).toBe(true);
  });

  it('createIndex is idempotent; a conflicting spec under the same name fails', async () => {
    const coll = db.collection('idem');
    await coll.createIndex({ x: 1 });
    const again = await db.command({ createIndexes: 'idem', indexes: [{ key: { x: 1 }, name: 'x_1' }] });
    expect(again.note).toBe('all indexes already exist');
    const conflict = await caught(() => coll.createIndex({ x: 1 }, { name: 'x_1', unique: true }));
    expect(conflict.code).toBe(85);
    const other = await caught(() => coll.createIndex({ y: 1 }, { name: 'x_1' }));
    expect(other.code).toBe(86);
  });

  it('dropIndex by name and key, refuses _id_, errors on unknown', async () => {
    const coll = db.collection('droppable');
    await coll.createIndex({ a: 1 });
    await coll.createIndex({ b: 1 });
    await coll.dropIndex('a_1');
    await db.command({ dropIndexes: 'droppable', index: { b: 1 } });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    expect((await caught(() => coll.dropIndex('_id_'))).code).toBe(72);
    const missing = await caught(() => coll.dropIndex('nope_1'));
    expect(missing.code).toBe(27);
    expect(missing.codeName).toBe('IndexNotFound');
    await coll.createIndex({ c: 1 });
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('listIndexes on a missing collection fails with NamespaceNotFound', async () => {
    const err = await caught(() => db.collection('ghost').listIndexes().toArray());
    expect(err.code).toBe(26);
  });
});

describe('TTL indexes', () => {
  it('removes expired documents in the background and keeps fresh ones', async () => {
    const sessions = db.collection('sessions');
    await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await sessions.insertMany([
      { sid: 'old', expiresAt: new Date(Date.now() - 60_000) },
      { sid: 'fresh', expiresAt: new Date(Date.now() + 3_600_000) },
      { sid: 'no-date', expiresAt: 'not a date' },
    ]);
    await waitFor(async () => (await sessions.countDocuments({ sid: 'old' })) === 0);
    expect((await sessions.find().sort({ sid: 1 }).toArray()).map((d) => d.sid)).toEqual(['fresh', 'no-date']);
  });
});
