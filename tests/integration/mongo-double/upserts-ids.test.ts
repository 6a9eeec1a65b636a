import type { Collection, Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, type Loose, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;
let coll: Collection<Loose>;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('upserts');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  coll = db.collection<Loose>('docs');
  await coll.deleteMany({});
  await coll.insertMany([
    { _id: 1, x: 1 },
    { _id: 2, x: 2 },
  ]);
});

describe('sort inside an update statement (MongoDB 7.0)', () => {
  it('refuses updateOne / replaceOne with sort: the field is unknown before 8.0 (40415), nothing written', async () => {
    const err = await caught(() => coll.updateOne({}, { $set: { y: 1 } }, { sort: { _id: -1 } }));
    expect(err.code).toBe(40415);
    expect(err.codeName).toBe('Location40415');
    expect(err.message).toBe("BSON field 'update.updates.sort' is an unknown field.");
    const replace = await caught(() => coll.replaceOne({}, { y: 2 }, { sort: { _id: 1 } }));
    expect(replace.code).toBe(40415);
    expect(await coll.countDocuments({ y: { $exists: true } })).toBe(0);
  });

  it('findOneAndUpdate keeps its sort (findAndModify has always had one)', async () => {
    const doc = await coll.findOneAndUpdate({}, { $set: { y: 1 } }, { sort: { _id: -1 }, returnDocument: 'after' });
    expect(doc).toEqual({ _id: 2, x: 2, y: 1 });
  });
});

describe('$-prefixed field names inside _id', () => {
  it('refuses them on insert with 52 DollarPrefixedFieldName, nested ones too', async () => {
    const top = await caught(() => coll.insertOne({ _id: { $a: 1 } } as Loose));
    expect(top.code).toBe(52);
    expect(top.message).toBe("_id fields may not contain '$'-prefixed fields: $a is not valid for storage.");
    const nested = await caught(() => coll.insertOne({ _id: { a: { $b: 1 } } } as Loose));
    expect(nested.code).toBe(52);
    expect(nested.message).toContain('$b is not valid for storage');
  });

  it('refuses them in an upserted _id; a $ elsewhere in the document is fine (5.0+)', async () => {
    const upsert = await caught(() => coll.replaceOne({ x: 9 }, { _id: { $k: 1 } }, { upsert: true }));
    expect(upsert.code).toBe(52);
    await coll.insertOne({ _id: 3, meta: { $note: 'ok' } });
    expect(await coll.findOne({ _id: 3 })).toEqual({ _id: 3, meta: { $note: 'ok' } });
  });
});

describe('upsert replacement with _id: null', () => {
  it('stores _id null, as MongoDB does', async () => {
    const res = await coll.replaceOne({ x: 5 }, { _id: null, x: 5 }, { upsert: true });
    expect(res.upsertedCount).toBe(1);
    expect(res.upsertedId).toBeNull();
    expect(await coll.findOne({ _id: null } as Loose)).toEqual({ _id: null, x: 5 });
  });

  it('a second null _id conflicts (E11000), and a replacement _id that differs from the query _id is ImmutableField', async () => {
    await coll.replaceOne({ x: 5 }, { _id: null, x: 5 }, { upsert: true });
    const dup = await caught(() => coll.replaceOne({ x: 6 }, { _id: null, x: 6 }, { upsert: true }));
    expect(dup.code).toBe(11000);
    expect(dup.message).toContain('dup key: { _id: null }');
    const altered = await caught(() => coll.replaceOne({ _id: 7 }, { _id: null, x: 7 }, { upsert: true }));
    expect(altered.code).toBe(66);
    expect(altered.message).toBe("After applying the update, the (immutable) field '_id' was found to have been altered to _id: null");
  });

  it('replacing by {_id: null} matches the stored null-_id document', async () => {
    await coll.replaceOne({ x: 5 }, { _id: null, x: 5 }, { upsert: true });
    const res = await coll.replaceOne({ _id: null } as Loose, { _id: null, x: 50 }, { upsert: true });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll.countDocuments({ _id: null } as Loose)).toBe(1);
  });
});
