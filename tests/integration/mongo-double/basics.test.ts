import { type Db, Decimal128, Long, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('basics');
});

afterAll(async () => {
  await h.close();
});

describe('handshake', () => {
  it('answers ping and identifies as a writable standalone MongoDB 7.0', async () => {
    expect(await db.command({ ping: 1 })).toEqual({ ok: 1 });
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, ok: 1 });
    expect(hello.setName).toBeUndefined();
    expect(hello.localTime).toBeInstanceOf(Date);
    const info = await db.admin().buildInfo();
    expect(info.version).toBe('7.0.0');
  });

  it('url uses 127.0.0.1, the bound port and directConnection', () => {
    expect(h.double.url).toBe(`mongodb://127.0.0.1:${h.double.port}/?directConnection=true`);
    expect(h.double.port).toBeGreaterThan(0);
  });

  it('rejects unknown commands with CommandNotFound', async () => {
    const err = await caught(() => db.command({ frobnicate: 1 }));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.message).toBe("no such command: 'frobnicate'");
  });
});

describe('insert and find', () => {
  const people = () => db.collection('people');

  beforeAll(async () => {
    await people().insertMany([
      { name: 'Ada', age: 36, city: 'London', born: new Date('1815-12-10'), address: { zip: 'N1' }, tags: ['math'] },
      { name: 'Alan', age: 41, city: 'London', born: new Date('1912-06-23'), address: { zip: 'W2' }, tags: ['cs', 'math'] },
      { name: 'Grace', age: 85, city: 'New York', born: new Date('1906-12-09'), address: { zip: 'A1' }, tags: ['cs'] },
      { name: 'Edsger', age: 72, city: 'Austin', born: new Date('1930-05-11'), address: { zip: 'B7' } },
      { name: 'Barbara', age: 41, city: 'Boston', born: new Date('1939-11-07'), address: { zip: 'C3' }, tags: [] },
    ]);
  });

  it('insertOne generates an ObjectId and stores it first', async () => {
    const coll = db.collection('ids');
    const res = await coll.insertOne({ a: 1 });
    expect(res.insertedId).toBeInstanceOf(ObjectId);
    const raw = await db.command({ find: 'ids', filter: {} });
    const doc = raw.cursor.firstBatch[0];
    expect(Object.keys(doc)).toEqual(['_id', 'a']);
    expect(doc._id.equals(res.insertedId)).toBe(true);
  });

  it('server adds _id (as the first field) when the client does not', async () => {
    await db.command({ insert: 'server_ids', documents: [{ x: 1, y: 2 }] });
    const [doc] = await db.collection('server_ids').find().toArray();
    expect(doc?._id).toBeInstanceOf(ObjectId);
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'x', 'y']);
  });

  it('finds by ObjectId and $in of ObjectIds', async () => {
    const all = await people().find().toArray();
    const ada = all.find((p) => p.name === 'Ada');
    const grace = all.find((p) => p.name === 'Grace');
    const byId = await people().findOne({ _id: new ObjectId(ada?._id.toHexString()) });
    expect(byId?.name).toBe('Ada');
    const some = await people()
      .find({ _id: { $in: [new ObjectId(ada?._id.toHexString()), new ObjectId(grace?._id.toHexString())] } })
      .sort({ name: 1 })
      .toArray();
    expect(some.map((p) => p.name)).toEqual(['Ada', 'Grace']);
    expect(await people().countDocuments({ _id: { $gt: new ObjectId('000000000000000000000000') } })).toBe(5);
  });

  it('supports comparison, logical, array and element operators', async () => {
    const names = async (filter: object) => (await people().find(filter).sort({ name: 1 }).toArray()).map((p) => p.name);
    expect(await names({ age: { $gte: 41, $lt: 80 } })).toEqual(['Alan', 'Barbara', 'Edsger']);
    expect(await names({ $or: [{ city: 'Austin' }, { age: 85 }] })).toEqual(['Edsger', 'Grace']);
    expect(await names({ tags: 'cs' })).toEqual(['Alan', 'Grace']);
    expect(await names({ tags: { $exists: false } })).toEqual(['Edsger']);
    expect(await names({ tags: { $size: 0 } })).toEqual(['Barbara']);
    expect(await names({ 'address.zip': { $regex: '^[AB]' } })).toEqual(['Edsger', 'Grace']);
    expect(await names({ born: { $lt: new Date('1900-01-01') } })).toEqual(['Ada']);
    expect(await names({ name: { $nin: ['Ada', 'Alan', 'Grace'] }, city: { $ne: 'Austin' } })).toEqual(['Barbara']);
    expect(await names({ _id: { $type: 'objectId' }, age: { $type: 'int' }, city: { $type: 'string' } })).toHaveLength(5);
  });

  it('sorts by dates, nested fields and compound keys; skip and limit', async () => {
    const byBirth = await people().find().sort({ born: 1 }).toArray();
    expect(byBirth.map((p) => p.name)).toEqual(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara']);
    const byZipDesc = await people().find().sort({ 'address.zip': -1 }).toArray();
    expect(byZipDesc.map((p) => p.address.zip)).toEqual(['W2', 'N1', 'C3', 'B7', 'A1']);
    const compound = await people().find().sort({ age: -1, name: 1 }).toArray();
    expect(compound.map((p) => p.name)).toEqual(['Grace', 'Edsger', 'Alan', 'Barbara', 'Ada']);
    const page = await people().find().sort({ age: 1, name: 1 }).skip(1).limit(2).toArray();
    expect(page.map((p) => p.name)).toEqual(['Alan', 'Barbara']);
  });

  it('sorts mixed types in BSON order and arrays by their min/max element', async () => {
    const coll = db.collection('mixed');
    await coll.insertMany([
      { k: 'b', v: 'text' },
      { k: 'c', v: 5 },
      { k: 'd', v: null },
      { k: 'e', v: new Date(0) },
      { k: 'f', v: true },
      { k: 'g', v: { x: 1 } },
      { k: 'a' },
    ]);
    const asc = await coll.find().sort({ v: 1, k: 1 }).toArray();
    // null and missing sort together first, then numbers, strings, objects, booleans, dates.
    expect(asc.map((d) => d.k)).toEqual(['a', 'd', 'c', 'b', 'g', 'f', 'e']);
    const arrays = db.collection('array_sort');
    await arrays.insertMany([
      { k: 'x', v: [1, 9] },
      { k: 'y', v: [5] },
      { k: 'z', v: [3, 4] },
    ]);
    expect((await arrays.find().sort({ v: 1 }).toArray()).map((d) => d.k)).toEqual(['x', 'z', 'y']);
    expect((await arrays.find().sort({ v: -1 }).toArray()).map((d) => d.k)).toEqual(['x', 'y', 'z']);
  });

  it('applies inclusion and exclusion projections keeping document field order', async () => {
    const incl = await people().findOne({ name: 'Ada' }, { projection: { city: 1, name: 1 } });
    expect(Object.keys(incl ?? {})).toEqual(['_id', 'name', 'city']);
    const noId = await people().findOne({ name: 'Ada' }, { projection: { _id: 0, 'address.zip': 1 } });
    expect(noId).toEqual({ address: { zip: 'N1' } });
    const excl = await people().findOne({ name: 'Ada' }, { projection: { born: 0, tags: 0, address: 0 } });
    expect(Object.keys(excl ?? {})).toEqual(['_id', 'name', 'age', 'city']);
    const sliced = await people().findOne({ name: 'Alan' }, { projection: { tags: { $slice: 1 }, name: 1 } });
    expect(sliced?.tags).toEqual(['cs']);
  });

  it('returns copies: mutating a result never changes stored data', async () => {
    const first = await people().findOne({ name: 'Alan' });
    first!.tags.push('mutated');
    first!.address.zip = 'changed';
    const again = await people().findOne({ name: 'Alan' });
    expect(again?.tags).toEqual(['cs', 'math']);
    expect(again?.address.zip).toBe('W2');
  });

  it('round-trips BSON types', async () => {
    const coll = db.collection('types');
    const big = Long.fromString('9007199254740993');
    const doc = {
      oid: new ObjectId(),
      when: new Date('2024-01-02T03:04:05.678Z'),
      dec: Decimal128.fromString('12.50'),
      big,
      n: 42,
      f: 1.5,
      bin: Buffer.from('hello'),
      nested: { arr: [1, 'two', { three: 3 }] },
    };
    await coll.insertOne(doc);
    const back = await coll.findOne({}, { projection: { _id: 0 }, promoteLongs: false });
    expect(back?.oid.equals(doc.oid)).toBe(true);
    expect(back?.when.getTime()).toBe(doc.when.getTime());
    expect(back?.dec.toString()).toBe('12.50');
    expect(back?.big.toString()).toBe('9007199254740993');
    expect(back?.f).toBe(1.5);
    expect(Buffer.from(back?.bin.buffer).toString()).toBe('hello');
    expect(back?.nested).toEqual({ arr: [1, 'two', { three: 3 }] });
    expect(await coll.countDocuments({ dec: Decimal128.fromString('12.50') })).toBe(1);
  });

  it('sorts strings binary by default and by locale with a collation', async () => {
    const coll = db.collection('collated');
    await coll.insertMany([{ s: 'b' }, { s: 'A' }, { s: 'a' }, { s: 'B' }]);
    const binary = await coll.find().sort({ s: 1 }).toArray();
    expect(binary.map((d) => d.s)).toEqual(['A', 'B', 'a', 'b']);
    const english = await coll.find().sort({ s: 1 }).collation({ locale: 'en' }).toArray();
    expect(english.map((d) => d.s)).toEqual(['a', 'A', 'b', 'B']);
    const natural = await coll.find().sort({ $natural: -1 }).toArray();
    expect(natural.map((d) => d.s)).toEqual(['B', 'a', 'A', 'b']);
  });

  it('rejects a hint that names no existing index', async () => {
    const err = await caught(() => people().find({}).hint('no_such_index').toArray());
    expect(err.code).toBe(2);
    expect(err.message).toBe('hint provided does not correspond to an existing index');
    expect(await people().find({}).hint({ _id: 1 }).toArray()).toHaveLength(5);
  });

  it('reports bad query operators as BadValue', async () => {
    const err = await caught(() =>
      people()
        .find({ age: { $bogus: 1 } })
        .toArray(),
    );
    expect(err.code).toBe(2);
    expect(err.message).toContain('unknown operator: $bogus');
  });
});

describe('delete', () => {
  it('deleteOne removes one match, deleteMany all, a missing collection gives 0', async () => {
    const coll = db.collection('del');
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 1 }, { g: 2 }]);
    expect((await coll.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect(await coll.countDocuments({ g: 1 })).toBe(2);
    expect((await coll.deleteMany({ g: 1 })).deletedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(1);
    expect((await db.collection('never_created').deleteMany({})).deletedCount).toBe(0);
  });
});
