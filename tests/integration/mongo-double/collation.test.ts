import type { Collection, Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

interface Person {
  _id: number;
  name: string;
  tag?: string;
}

let h: DoubleHarness;
let db: Db;
let coll: Collection<Person>;

const ci = { locale: 'en', strength: 2 };
const noAccents = { locale: 'fr', strength: 1 };

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('collation');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await db.dropDatabase();
  coll = db.collection<Person>('people');
  await coll.insertMany([
    { _id: 1, name: 'Éva' },
    { _id: 2, name: 'eva' },
    { _id: 3, name: 'EVA' },
    { _id: 4, name: 'bob' },
    { _id: 5, name: 'item10' },
    { _id: 6, name: 'item9' },
  ]);
});

const ids = (docs: Array<{ _id: number }>) => docs.map((d) => d._id);

describe('collation in filters', () => {
  it('strength 2 is case-insensitive, strength 1 also accent-insensitive; none is binary', async () => {
    expect(ids(await coll.find({ name: 'eva' }).toArray())).toEqual([2]);
    expect(ids(await coll.find({ name: 'eva' }, { collation: ci }).toArray())).toEqual([2, 3]);
    expect(ids(await coll.find({ name: 'eva' }, { collation: noAccents }).toArray())).toEqual([1, 2, 3]);
    expect(ids(await coll.find({ name: { $in: ['BOB', 'x'] } }, { collation: ci }).toArray())).toEqual([4]);
    expect(ids(await coll.find({ name: { $ne: 'EVA' } }, { collation: ci }).toArray())).toEqual([1, 4, 5, 6]);
  });

  it('range comparisons follow the locale; numericOrdering compares digits as numbers', async () => {
    // Binary: "É" (U+00C9) sorts after "i"; by locale it sorts with "e".
    expect(ids(await coll.find({ name: { $gt: 'item9' } }).toArray())).toEqual([1]);
    expect(ids(await coll.find({ name: { $gt: 'item9' } }, { collation: { locale: 'en', numericOrdering: true } }).toArray())).toEqual([5]);
  });

  it('countDocuments, count and distinct honour it', async () => {
    expect(await coll.countDocuments({ name: 'EVA' }, { collation: ci })).toBe(2);
    expect(await coll.countDocuments({ name: 'EVA' }, { collation: noAccents })).toBe(3);
    const count = await db.command({ count: 'people', query: { name: 'Eva' }, collation: ci });
    expect(count.n).toBe(2);
    const values = await coll.distinct('name', { _id: { $lte: 3 } }, { collation: noAccents });
    expect(values).toHaveLength(1);
  });

  it('update, delete and findAndModify match with it', async () => {
    expect((await coll.updateMany({ name: 'EVA' }, { $set: { tag: 'ci' } }, { collation: ci })).modifiedCount).toBe(2);
    expect((await coll.deleteMany({ name: 'eva' }, { collation: noAccents })).deletedCount).toBe(3);
    const found = await coll.findOneAndUpdate({ name: 'BOB' }, { $set: { tag: 'x' } }, { collation: ci, returnDocument: 'after' });
    expect(found).toMatchObject({ _id: 4, tag: 'x' });
    expect(await coll.findOneAndDelete({ name: 'ITEM9' }, { collation: ci })).toMatchObject({ _id: 6 });
  });

  it('sorts by the collation', async () => {
    const binary = await coll
      .find({ _id: { $in: [2, 3, 4] } })
      .sort({ name: 1 })
      .toArray();
    expect(ids(binary)).toEqual([3, 4, 2]);
    const english = await coll
      .find({ _id: { $in: [2, 3, 4] } }, { collation: { locale: 'en' } })
      .sort({ name: 1 })
      .toArray();
    expect(ids(english)).toEqual([4, 2, 3]);
    const numeric = await coll
      .find({ _id: { $in: [5, 6] } }, { collation: { locale: 'en', numericOrdering: true } })
      .sort({ name: 1 })
      .toArray();
    expect(ids(numeric)).toEqual([6, 5]);
  });

  it('$expr comparisons in aggregate follow the collation', async () => {
    const docs = await coll.aggregate([{ $match: { $expr: { $eq: ['$name', 'EVA'] } } }], { collation: ci }).toArray();
    expect(ids(docs as Person[])).toEqual([2, 3]);
  });

  it('refuses a collation without a locale or with an unknown field', async () => {
    const noLocale = await caught(() => coll.find({}, { collation: { strength: 2 } as never }).toArray());
    expect(noLocale.code).toBe(40414);
    const unknown = await caught(() => coll.find({}, { collation: { locale: 'en', bogus: 1 } as never }).toArray());
    expect(unknown.code).toBe(40415);
  });
});

describe('default collations', () => {
  it('a collection default applies to queries and indexes, and is reported expanded', async () => {
    const tags = await db.createCollection<Person>('tags', { collation: ci });
    await tags.insertMany([
      { _id: 1, name: 'Red' },
      { _id: 2, name: 'blue' },
    ]);
    expect(ids(await tags.find({ name: 'red' }).toArray())).toEqual([1]);
    expect(ids(await tags.find({ name: 'red' }, { collation: { locale: 'simple' } }).toArray())).toEqual([]);
    const [info] = await db.listCollections({ name: 'tags' }, { nameOnly: false }).toArray();
    expect(info?.options?.collation).toMatchObject({ locale: 'en', strength: 2, caseLevel: false, version: '57.1' });
    await tags.createIndex({ name: 1 }, { unique: true });
    const indexes = await tags.listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'name_1')?.collation).toMatchObject({ locale: 'en', strength: 2 });
    const dup = await caught(() => tags.insertOne({ _id: 3, name: 'RED' }));
    expect(dup.code).toBe(11000);
  });

  it('a unique index with its own collation compares keys by it', async () => {
    await coll.deleteMany({});
    await coll.createIndex({ name: 1 }, { unique: true, collation: noAccents });
    await coll.insertOne({ _id: 1, name: 'Zoë' });
    const dup = await caught(() => coll.insertOne({ _id: 2, name: 'zoe' }));
    expect(dup.code).toBe(11000);
  });
});
