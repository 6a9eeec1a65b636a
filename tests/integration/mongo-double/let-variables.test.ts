import type { Collection, Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

interface Item {
  _id: number;
  sku: string;
  qty: number;
  seen?: boolean;
  note?: string;
}

let h: DoubleHarness;
let db: Db;
let coll: Collection<Item>;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('letvars');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  coll = db.collection<Item>('items');
  await coll.deleteMany({});
  await coll.insertMany([
    { _id: 1, sku: 'a', qty: 5 },
    { _id: 2, sku: 'b', qty: 10 },
    { _id: 3, sku: 'c', qty: 15 },
  ]);
});

const over = { $expr: { $gt: ['$qty', '$$min'] } };

describe('let variables ($$name in $expr)', () => {
  it('find and aggregate read them; values are evaluated expressions', async () => {
    expect((await coll.find(over, { let: { min: 9 } }).toArray()).map((d) => d._id)).toEqual([2, 3]);
    expect((await coll.find(over, { let: { min: { $add: [4, 8] } } }).toArray()).map((d) => d._id)).toEqual([3]);
    const agg = await coll
      .aggregate([{ $match: over }, { $project: { label: { $concat: ['$sku', '$$suffix'] } } }], { let: { min: 9, suffix: '!' } })
      .toArray();
    expect(agg).toEqual([
      { _id: 2, label: 'b!' },
      { _id: 3, label: 'c!' },
    ]);
    expect(await coll.countDocuments(over, { let: { min: 9 } } as never)).toBe(2);
  });

  it('updateOne, updateMany (operator and pipeline) and bulkWrite use them', async () => {
    expect((await coll.updateOne(over, { $set: { seen: true } }, { let: { min: 9 } })).modifiedCount).toBe(1);
    const many = await coll.updateMany(over, [{ $set: { note: '$$tag' } }], { let: { min: 4, tag: 'bulk' } });
    expect(many.modifiedCount).toBe(3);
    expect(await coll.countDocuments({ note: 'bulk' })).toBe(3);
    const bulk = await coll.bulkWrite(
      [
        { updateMany: { filter: over, update: { $set: { note: 'big' } } } },
        { deleteOne: { filter: { $expr: { $eq: ['$qty', '$$min'] } } } },
      ],
      { let: { min: 10 } },
    );
    expect(bulk.modifiedCount).toBe(1);
    expect(bulk.deletedCount).toBe(1);
    expect(await coll.findOne({ _id: 3 })).toMatchObject({ note: 'big' });
    expect(await coll.findOne({ _id: 2 })).toBeNull();
  });

  it('deleteOne / deleteMany use them', async () => {
    expect((await coll.deleteMany(over, { let: { min: 5 } })).deletedCount).toBe(2);
    expect((await coll.deleteOne({ $expr: { $eq: ['$sku', '$$s'] } }, { let: { s: 'a' } })).deletedCount).toBe(1);
    expect(await coll.countDocuments()).toBe(0);
  });

  it('findOneAndUpdate / findOneAndReplace / findOneAndDelete use them', async () => {
    const updated = await coll.findOneAndUpdate(over, [{ $set: { note: '$$tag' } }], {
      let: { min: 12, tag: 'x' },
      returnDocument: 'after',
    });
    expect(updated).toMatchObject({ _id: 3, note: 'x' });
    const replaced = await coll.findOneAndReplace(
      over,
      { sku: 'z', qty: 0 },
      { let: { min: 9 }, sort: { qty: 1 }, returnDocument: 'after' },
    );
    expect(replaced).toEqual({ _id: 2, sku: 'z', qty: 0 });
    const deleted = await coll.findOneAndDelete({ $expr: { $eq: ['$sku', '$$s'] } }, { let: { s: 'a' } });
    expect(deleted?._id).toBe(1);
  });

  it('refuses bad names and undefined variables with mongod codes', async () => {
    const upper = await caught(() => coll.find(over, { let: { Min: 1 } }).toArray());
    expect(upper.code).toBe(16867);
    expect(upper.message).toBe("'Min' starts with an invalid character for a user variable name");
    const dash = await caught(() => coll.find(over, { let: { 'm-in': 1 } }).toArray());
    expect(dash.code).toBe(16868);
    const missing = await caught(() => coll.find(over).toArray());
    expect(missing.code).toBe(17276);
    expect(missing.message).toContain('Use of undefined variable: min');
  });
});
