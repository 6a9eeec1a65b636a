import { type Collection, type Db, ObjectId, Timestamp } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

/** Test documents use numeric _ids to keep assertions readable. */
interface Item {
  _id: number | ObjectId;
  sku?: string;
  code?: string;
  qty?: number;
  tags?: string[];
  grades?: Array<number | string>;
  status?: string;
  best?: number;
  factor?: number;
  touchedAt?: Date;
  ts?: Timestamp;
  picked?: boolean;
  created?: boolean;
  meta?: { kind: string };
  total?: number;
  fresh?: boolean;
  x?: number;
}

let h: DoubleHarness;
let db: Db;
let coll: Collection<Item>;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('updates');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  coll = db.collection<Item>('items');
  await coll.deleteMany({});
  await coll.insertMany([
    { _id: 1, sku: 'a', qty: 5, tags: ['x'], grades: [80, 95, 100], status: 'new' },
    { _id: 2, sku: 'b', qty: 10, tags: [], grades: [60, 100], status: 'new' },
    { _id: 3, sku: 'c', qty: 0, tags: ['y'], grades: [], status: 'old' },
  ]);
});

const byId = async (id: number) => coll.findOne({ _id: id });

describe('update operators', () => {
  it('updateOne modifies only the first match and reports counts', async () => {
    const res = await coll.updateOne({ status: 'new' }, { $set: { status: 'seen' }, $inc: { qty: 2 } });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    expect(await byId(1)).toMatchObject({ status: 'seen', qty: 7 });
    expect((await byId(2))?.status).toBe('new');
  });

  it('updateMany modifies every match; no-op updates are matched but not modified', async () => {
    const res = await coll.updateMany({ status: 'new' }, { $set: { status: 'seen' } });
    expect(res).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const again = await coll.updateMany({}, { $set: { status: 'seen' } });
    expect(again).toMatchObject({ matchedCount: 3, modifiedCount: 1 });
  });

  it('supports $unset, $rename, $min, $max, $mul and $currentDate', async () => {
    await coll.updateOne(
      { _id: 1 },
      {
        $unset: { tags: '' },
        $rename: { sku: 'code' },
        $min: { qty: 3 },
        $max: { best: 9 },
        $mul: { factor: 4 },
        $currentDate: { touchedAt: true, ts: { $type: 'timestamp' } },
      },
    );
    const doc = await byId(1);
    expect(doc).toMatchObject({ code: 'a', qty: 3, best: 9, factor: 0 });
    expect(doc?.tags).toBeUndefined();
    expect(doc?.sku).toBeUndefined();
    expect(doc?.touchedAt).toBeInstanceOf(Date);
    expect(Math.abs((doc?.touchedAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(doc?.ts).toBeInstanceOf(Timestamp);
  });

  it('$push with $each, $slice and $position; $addToSet with $each; $pull with a condition', async () => {
    await coll.updateOne({ _id: 1 }, { $push: { tags: { $each: ['p', 'q', 'r'], $slice: -3 } } });
    expect((await byId(1))?.tags).toEqual(['p', 'q', 'r']);
    await coll.updateOne({ _id: 1 }, { $push: { tags: { $each: ['first'], $position: 0 } } });
    expect((await byId(1))?.tags).toEqual(['first', 'p', 'q', 'r']);
    await coll.updateOne({ _id: 2 }, { $addToSet: { tags: { $each: ['m', 'n', 'm'] } } });
    await coll.updateOne({ _id: 2 }, { $addToSet: { tags: 'm' } });
    expect((await byId(2))?.tags).toEqual(['m', 'n']);
    await coll.updateOne({ _id: 1 }, { $pull: { grades: { $gte: 95 } } });
    expect((await byId(1))?.grades).toEqual([80]);
  });

  it('updates matching array elements with arrayFilters and the positional operator', async () => {
    const res = await coll.updateMany({}, { $set: { 'grades.$[high]': 'A' } }, { arrayFilters: [{ high: { $gte: 100 } }] });
    expect(res.modifiedCount).toBe(2);
    expect((await byId(1))?.grades).toEqual([80, 95, 'A']);
    expect((await byId(2))?.grades).toEqual([60, 'A']);
    await coll.updateOne({ _id: 1, grades: 95 }, { $set: { 'grades.$': 96 } });
    expect((await byId(1))?.grades).toEqual([80, 96, 'A']);
  });

  it('replaceOne keeps _id and replaces every other field', async () => {
    const res = await coll.replaceOne({ sku: 'b' }, { sku: 'B', fresh: true });
    expect(res.modifiedCount).toBe(1);
    expect(await byId(2)).toEqual({ _id: 2, sku: 'B', fresh: true });
  });

  it('supports aggregation pipeline updates', async () => {
    await coll.updateMany({}, [{ $set: { total: { $sum: '$grades' }, sku: { $toUpper: '$sku' } } }, { $unset: 'tags' }]);
    expect(await byId(1)).toMatchObject({ sku: 'A', total: 275 });
    expect((await byId(1))?.tags).toBeUndefined();
  });

  it('upserts from the query equality fields with $setOnInsert', async () => {
    const res = await coll.updateOne(
      { sku: 'z', 'meta.kind': 'new' },
      { $set: { qty: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(res.upsertedCount).toBe(1);
    expect(res.matchedCount).toBe(0);
    expect(res.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await coll.findOne({ _id: res.upsertedId as ObjectId });
    expect(doc).toMatchObject({ sku: 'z', meta: { kind: 'new' }, qty: 1, created: true });
    const second = await coll.updateOne({ sku: 'z' }, { $set: { qty: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect((await coll.findOne({ sku: 'z' }))?.created).toBe(true);
  });

  it('reports upserted ids with their statement index in bulk writes', async () => {
    const res = await coll.bulkWrite([
      { updateOne: { filter: { sku: 'a' }, update: { $inc: { qty: 1 } } } },
      { updateOne: { filter: { _id: 42 }, update: { $set: { sku: 'u' } }, upsert: true } },
      { replaceOne: { filter: { sku: 'none' }, replacement: { sku: 'r' }, upsert: true } },
    ]);
    expect(res.upsertedCount).toBe(2);
    expect(res.upsertedIds[1]).toBe(42);
    expect(res.upsertedIds[2]).toBeInstanceOf(ObjectId);
    expect(res.matchedCount).toBe(1);
  });

  it('rejects changing _id (66) and $inc on a string (14)', async () => {
    const immutable = await caught(() => coll.updateOne({ _id: 1 }, { $set: { _id: 99 } }));
    expect(immutable.code).toBe(66);
    expect(immutable.message).toBe("Performing an update on the path '_id' would modify the immutable field '_id'");
    // Untyped handle: these updates are deliberately wrong.
    const untyped = db.collection<{ _id: number; [key: string]: unknown }>('items');
    const replaced = await caught(() => untyped.replaceOne({ _id: 1 }, { _id: 7, sku: 'q' }));
    expect(replaced.code).toBe(66);
    // Typed as if sku were numeric, to send an $inc the server must reject.
    const numericSku = db.collection<{ _id: number; sku: number }>('items');
    const mismatch = await caught(() => numericSku.updateOne({ _id: 1 }, { $inc: { sku: 1 } }));
    expect(mismatch.code).toBe(14);
    expect(mismatch.message).toContain('Cannot apply $inc to a value of non-numeric type');
    expect(await byId(1)).toMatchObject({ _id: 1, sku: 'a', qty: 5 });
  });

  it('rejects unknown update operators with FailedToParse', async () => {
    const err = await caught(() =>
      db.command({ update: 'items', updates: [{ q: {}, u: { $frob: { a: 1 } } }] }).then((r) => {
        if (r.writeErrors) throw Object.assign(new Error(r.writeErrors[0].errmsg), r.writeErrors[0]);
      }),
    );
    expect(err.code).toBe(9);
    expect(err.message).toContain('Unknown modifier: $frob');
  });
});

describe('findAndModify', () => {
  it('findOneAndUpdate returns the document before (default) or after', async () => {
    const before = await coll.findOneAndUpdate({ sku: 'a' }, { $inc: { qty: 1 } });
    expect(before?.qty).toBe(5);
    const after = await coll.findOneAndUpdate({ sku: 'a' }, { $inc: { qty: 1 } }, { returnDocument: 'after' });
    expect(after?.qty).toBe(7);
  });

  it('picks the first document in sort order and applies a projection', async () => {
    const doc = await coll.findOneAndUpdate(
      { status: 'new' },
      { $set: { picked: true } },
      { sort: { qty: -1 }, projection: { sku: 1, _id: 0 }, returnDocument: 'after' },
    );
    expect(doc).toEqual({ sku: 'b' });
    expect((await byId(2))?.picked).toBe(true);
    expect((await byId(1))?.picked).toBeUndefined();
  });

  it('upserts and exposes lastErrorObject with includeResultMetadata', async () => {
    const res = await coll.findOneAndUpdate(
      { sku: 'new' },
      { $set: { qty: 1 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(res.value).toMatchObject({ sku: 'new', qty: 1 });
    expect(res.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(res.lastErrorObject?.upserted).toBeInstanceOf(ObjectId);
    const missing = await coll.findOneAndUpdate({ sku: 'nope' }, { $set: { qty: 1 } }, { includeResultMetadata: true });
    expect(missing.value).toBeNull();
    expect(missing.lastErrorObject).toMatchObject({ n: 0, updatedExisting: false });
  });

  it('findOneAndDelete and findOneAndReplace', async () => {
    const deleted = await coll.findOneAndDelete({ sku: 'c' });
    expect(deleted?._id).toBe(3);
    expect(await byId(3)).toBeNull();
    const replaced = await coll.findOneAndReplace({ sku: 'b' }, { sku: 'bb' }, { returnDocument: 'after' });
    expect(replaced).toEqual({ _id: 2, sku: 'bb' });
    expect(await coll.findOneAndDelete({ sku: 'none' })).toBeNull();
  });
});
