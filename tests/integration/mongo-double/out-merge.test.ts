import type { Db, Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, type Loose, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('outmerge');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await db.dropDatabase();
  await db.collection<Loose>('sales').insertMany([
    { _id: 1, shop: 'a', amount: 5 },
    { _id: 2, shop: 'a', amount: 7 },
    { _id: 3, shop: 'b', amount: 1 },
  ]);
});

const totals = [{ $group: { _id: '$shop', total: { $sum: '$amount' } } }, { $sort: { _id: 1 } }];
const all = (name: string) => db.collection<Loose>(name).find().sort({ _id: 1 }).toArray();

describe('$out', () => {
  it('replaces the target collection, keeps its indexes and returns no documents', async () => {
    await db.collection<Loose>('totals').insertOne({ _id: 'old', total: 0 });
    await db.collection<Loose>('totals').createIndex({ total: 1 }, { name: 'by_total' });
    const returned = await db
      .collection<Loose>('sales')
      .aggregate([...totals, { $out: 'totals' }])
      .toArray();
    expect(returned).toEqual([]);
    expect(await all('totals')).toEqual([
      { _id: 'a', total: 12 },
      { _id: 'b', total: 1 },
    ]);
    expect((await db.collection<Loose>('totals').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'by_total']);
  });

  it('accepts {db, coll} and must be the last stage (40601)', async () => {
    await db
      .collection<Loose>('sales')
      .aggregate([{ $match: { shop: 'b' } }, { $out: { db: 'outmerge_other', coll: 'b_sales' } }])
      .toArray();
    expect(await h.client.db('outmerge_other').collection<Loose>('b_sales').countDocuments()).toBe(1);
    const err = await caught(() =>
      db
        .collection<Loose>('sales')
        .aggregate([{ $out: 'x' }, { $match: {} }])
        .toArray(),
    );
    expect(err.code).toBe(40601);
    expect(err.message).toBe('$out can only be the final stage in the pipeline');
  });

  it('leaves the old collection untouched when the output breaks a unique index', async () => {
    await db.collection<Loose>('shops').insertOne({ _id: 9, shop: 'z' });
    await db.collection<Loose>('shops').createIndex({ shop: 1 }, { unique: true });
    const err = await caught(() =>
      db
        .collection<Loose>('sales')
        .aggregate([{ $project: { shop: 1 } }, { $out: 'shops' }])
        .toArray(),
    );
    expect(err.code).toBe(11000);
    expect(await all('shops')).toEqual([{ _id: 9, shop: 'z' }]);
  });
});

describe('$merge', () => {
  beforeEach(async () => {
    await db.collection<Loose>('totals').insertMany([
      { _id: 'a', total: 100, note: 'keep' },
      { _id: 'c', total: 3 },
    ]);
  });

  const merge = (spec: Document) =>
    db
      .collection<Loose>('sales')
      .aggregate([...totals, { $merge: spec }])
      .toArray();

  it('defaults to whenMatched merge / whenNotMatched insert on _id', async () => {
    expect(await merge({ into: 'totals' })).toEqual([]);
    expect(await all('totals')).toEqual([
      { _id: 'a', total: 12, note: 'keep' },
      { _id: 'b', total: 1 },
      { _id: 'c', total: 3 },
    ]);
  });

  it('replace, keepExisting and discard', async () => {
    await merge({ into: 'totals', whenMatched: 'replace', whenNotMatched: 'discard' });
    expect(await all('totals')).toEqual([
      { _id: 'a', total: 12 },
      { _id: 'c', total: 3 },
    ]);
    await db.collection<Loose>('totals').updateOne({ _id: 'a' }, { $set: { total: 50 } });
    await merge({ into: 'totals', whenMatched: 'keepExisting' });
    expect(await all('totals')).toEqual([
      { _id: 'a', total: 50 },
      { _id: 'b', total: 1 },
      { _id: 'c', total: 3 },
    ]);
  });

  it('a whenMatched pipeline sees $$new and the stage let variables', async () => {
    await merge({
      into: 'totals',
      let: { factor: 2 },
      whenMatched: [{ $set: { total: { $add: ['$total', { $multiply: ['$$new.total', '$$factor'] }] } } }],
      whenNotMatched: 'insert',
    });
    expect(await all('totals')).toEqual([
      { _id: 'a', total: 124, note: 'keep' },
      { _id: 'b', total: 1 },
      { _id: 'c', total: 3 },
    ]);
  });

  it('whenMatched fail: E11000 with the $merge context, documents before it stay written', async () => {
    await db.collection<Loose>('totals').deleteOne({ _id: 'a' });
    await db.collection<Loose>('totals').insertOne({ _id: 'b', total: 0 });
    const err = await caught(() => merge({ into: 'totals', whenMatched: 'fail', whenNotMatched: 'insert' }));
    expect(err.code).toBe(11000);
    expect(err.message).toMatch(/^\$merge failed due to a DuplicateKey error :: caused by :: E11000/);
    expect(await db.collection<Loose>('totals').findOne({ _id: 'a' })).toEqual({ _id: 'a', total: 12 });
  });

  it('whenNotMatched fail: 13113', async () => {
    const err = await caught(() => merge({ into: 'totals', whenMatched: 'replace', whenNotMatched: 'fail' }));
    expect(err.code).toBe(13113);
    expect(err.codeName).toBe('MergeStageNoMatchingDocument');
  });

  it('on other fields needs a unique index (51183) and values in every document (51132)', async () => {
    const spec = { into: 'byShop', on: 'shop', whenMatched: 'replace', whenNotMatched: 'insert' };
    const project = [{ $project: { _id: 0, shop: 1, amount: 1 } }];
    const noIndex = await caught(() =>
      db
        .collection<Loose>('sales')
        .aggregate([...project, { $merge: spec }])
        .toArray(),
    );
    expect(noIndex.code).toBe(51183);
    await db.collection<Loose>('byShop').createIndex({ shop: 1 }, { unique: true });
    await db
      .collection<Loose>('sales')
      .aggregate([...project, { $merge: spec }])
      .toArray();
    expect(
      await db
        .collection<Loose>('byShop')
        .find({}, { projection: { _id: 0 } })
        .sort({ shop: 1 })
        .toArray(),
    ).toEqual([
      { shop: 'a', amount: 7 },
      { shop: 'b', amount: 1 },
    ]);
    const missing = await caught(() =>
      db
        .collection<Loose>('sales')
        .aggregate([{ $project: { amount: 1 } }, { $merge: spec }])
        .toArray(),
    );
    expect(missing.code).toBe(51132);
  });

  it('refuses unsupported mode combinations (51181) and unknown fields (40415)', async () => {
    const combo = await caught(() => merge({ into: 'totals', whenMatched: 'keepExisting', whenNotMatched: 'discard' }));
    expect(combo.code).toBe(51181);
    expect(combo.message).toBe("Combination of $merge modes 'whenMatched: keepExisting' and 'whenNotMatched: discard' is not supported");
    const unknown = await caught(() => merge({ into: 'totals', bogus: 1 }));
    expect(unknown.code).toBe(40415);
  });
});
