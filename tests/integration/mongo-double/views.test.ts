import type { Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, type Loose, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('views');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await db.dropDatabase();
  await db.collection<Loose>('orders').insertMany([
    { _id: 1, item: 'pen', qty: 2, status: 'open' },
    { _id: 2, item: 'ink', qty: 9, status: 'open' },
    { _id: 3, item: 'pad', qty: 4, status: 'closed' },
  ]);
  await db.createCollection('open_orders', { viewOn: 'orders', pipeline: [{ $match: { status: 'open' } }, { $project: { status: 0 } }] });
});

describe('views', () => {
  it('find, aggregate, countDocuments and distinct read through the pipeline', async () => {
    const view = db.collection<Loose>('open_orders');
    expect(
      await view
        .find({ qty: { $gt: 1 } })
        .sort({ qty: -1 })
        .toArray(),
    ).toEqual([
      { _id: 2, item: 'ink', qty: 9 },
      { _id: 1, item: 'pen', qty: 2 },
    ]);
    expect(await view.aggregate([{ $group: { _id: null, n: { $sum: '$qty' } } }]).toArray()).toEqual([{ _id: null, n: 11 }]);
    expect(await view.countDocuments({ qty: { $lt: 5 } })).toBe(1);
    expect(await view.estimatedDocumentCount()).toBe(2);
    expect(await view.distinct('item')).toEqual(['ink', 'pen']);
    await db.collection<Loose>('orders').updateOne({ _id: 3 }, { $set: { status: 'open' } });
    expect(await view.countDocuments()).toBe(3);
  });

  it('views on views, and $lookup from a view', async () => {
    await db.createCollection('big_open', { viewOn: 'open_orders', pipeline: [{ $match: { qty: { $gte: 5 } } }] });
    expect(await db.collection<Loose>('big_open').find().toArray()).toEqual([{ _id: 2, item: 'ink', qty: 9 }]);
    const joined = await db
      .collection('orders')
      .aggregate([
        { $match: { _id: 1 } },
        { $lookup: { from: 'big_open', pipeline: [], as: 'big' } },
        { $project: { n: { $size: '$big' } } },
      ])
      .toArray();
    expect(joined).toEqual([{ _id: 1, n: 1 }]);
  });

  it('listCollections reports type view with its definition', async () => {
    const infos = await db.listCollections({}, { nameOnly: false }).toArray();
    const view = infos.find((i) => i.name === 'open_orders');
    expect(view).toMatchObject({
      type: 'view',
      options: { viewOn: 'orders', pipeline: [{ $match: { status: 'open' } }, { $project: { status: 0 } }] },
      info: { readOnly: true },
    });
    expect(infos.find((i) => i.name === 'orders')?.type).toBe('collection');
    expect(await db.listCollections({ type: 'view' }, { nameOnly: true }).toArray()).toEqual([{ name: 'open_orders', type: 'view' }]);
  });

  it('refuses writes and index commands with 166 CommandNotSupportedOnView', async () => {
    const view = db.collection<Loose>('open_orders');
    const attempts: Array<() => Promise<unknown>> = [
      () => view.insertOne({ item: 'x' }),
      () => view.updateOne({}, { $set: { qty: 0 } }),
      () => view.deleteMany({}),
      () => view.findOneAndUpdate({}, { $set: { qty: 0 } }),
      () => view.createIndex({ qty: 1 }),
      () => view.listIndexes().toArray(),
    ];
    for (const attempt of attempts) {
      const err = await caught(attempt);
      expect(err.code).toBe(166);
      expect(err.message).toBe('Namespace views.open_orders is a view, not a collection');
    }
    expect(await db.collection<Loose>('orders').countDocuments()).toBe(3);
  });

  it('refuses a name already taken, a writing stage and a collation override', async () => {
    const taken = await caught(() => db.createCollection('orders', { viewOn: 'open_orders', pipeline: [] }));
    expect(taken.code).toBe(48);
    const writing = await caught(() => db.createCollection('v2', { viewOn: 'orders', pipeline: [{ $out: 'x' }] }));
    expect(writing.code).toBe(167);
    const override = await caught(() =>
      db
        .collection<Loose>('open_orders')
        .find({}, { collation: { locale: 'en' } })
        .toArray(),
    );
    expect(override.code).toBe(167);
  });

  it('drop removes the view and leaves its source alone', async () => {
    expect(await db.collection<Loose>('open_orders').drop()).toBe(true);
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toEqual(['orders']);
    expect(await db.collection<Loose>('orders').countDocuments()).toBe(3);
  });
});
