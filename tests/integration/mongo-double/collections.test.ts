import { type Db, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;

const patientSchema = {
  bsonType: 'object',
  required: ['_id', 'name', 'dob', 'status'],
  additionalProperties: false,
  properties: {
    _id: { bsonType: 'objectId' },
    name: { bsonType: 'string', minLength: 1, maxLength: 50 },
    dob: { bsonType: 'date' },
    status: { enum: ['active', 'archived'] },
    phone: { bsonType: 'string', pattern: '^\\+[0-9]{6,15}$' },
    visits: { bsonType: 'int', minimum: 0, maximum: 1000 },
    allergies: { bsonType: 'array', maxItems: 3, items: { bsonType: 'string' } },
    address: {
      bsonType: 'object',
      required: ['city'],
      properties: { city: { bsonType: 'string' }, zip: { bsonType: ['string', 'null'] } },
    },
  },
};

const valid = () => ({ _id: new ObjectId(), name: 'Ada', dob: new Date('1990-01-01'), status: 'active' });

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('collections');
  await db.createCollection('patients', {
    validator: { $jsonSchema: patientSchema },
    validationLevel: 'strict',
    validationAction: 'error',
  });
});

afterAll(async () => {
  await h.close();
});

describe('$jsonSchema validation', () => {
  it('accepts valid documents', async () => {
    await db.collection('patients').insertOne({
      ...valid(),
      phone: '+4412345678',
      visits: 3,
      allergies: ['nuts'],
      address: { city: 'London', zip: null },
    });
    expect(await db.collection('patients').countDocuments()).toBe(1);
  });

  it.each([
    ['a missing required field', { name: 'x', dob: new Date(), _id: new ObjectId() }],
    ['a wrong bsonType', { ...valid(), dob: '1990-01-01' }],
    ['a value outside the enum', { ...valid(), status: 'deleted' }],
    ['a string that is too long', { ...valid(), name: 'x'.repeat(51) }],
    ['an empty string below minLength', { ...valid(), name: '' }],
    ['a pattern mismatch', { ...valid(), phone: '12345' }],
    ['a number above maximum', { ...valid(), visits: 5000 }],
    ['a non-integer for bsonType int', { ...valid(), visits: 1.5 }],
    ['too many array items', { ...valid(), allergies: ['a', 'b', 'c', 'd'] }],
    ['a wrong item type', { ...valid(), allergies: [1] }],
    ['an unexpected property', { ...valid(), extra: true }],
    ['a nested missing field', { ...valid(), address: { zip: 'N1' } }],
  ])('rejects %s with code 121', async (_label, doc) => {
    const err = await caught(() => db.collection('patients').insertOne(doc));
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(121);
    expect(err.message).toBe('Document failed validation');
    expect((err.errInfo as { failingDocumentId: unknown }).failingDocumentId).toEqual(doc._id);
  });

  it('validates updates and upserts too', async () => {
    const patients = db.collection('patients');
    const doc = valid();
    await patients.insertOne(doc);
    expect((await caught(() => patients.updateOne({ _id: doc._id }, { $set: { status: 'gone' } }))).code).toBe(121);
    expect((await caught(() => patients.updateOne({ _id: doc._id }, { $unset: { name: '' } }))).code).toBe(121);
    expect((await caught(() => patients.findOneAndUpdate({ _id: doc._id }, { $set: { visits: -1 } }))).code).toBe(121);
    expect((await caught(() => patients.updateOne({ name: 'Nobody' }, { $set: { status: 'active' } }, { upsert: true }))).code).toBe(121);
    await patients.updateOne({ _id: doc._id }, { $set: { status: 'archived' } });
    expect((await patients.findOne({ _id: doc._id }))?.status).toBe('archived');
  });

  it('honours validationAction warn, validationLevel moderate and collMod', async () => {
    await db.createCollection('loose', { validator: { $jsonSchema: { required: ['name'] } }, validationAction: 'warn' });
    await db.collection('loose').insertOne({ nameless: true });
    expect(await db.collection('loose').countDocuments()).toBe(1);

    await db.command({ collMod: 'loose', validationAction: 'error', validationLevel: 'moderate' });
    expect((await caught(() => db.collection('loose').insertOne({ other: 1 }))).code).toBe(121);
    // moderate: documents that were already invalid may still be updated.
    await db.collection('loose').updateOne({ nameless: true }, { $set: { touched: true } });
    expect((await db.collection('loose').findOne({ nameless: true }))?.touched).toBe(true);

    await db.command({ collMod: 'loose', validator: { $jsonSchema: { required: ['other'] } } });
    await db.collection('loose').insertOne({ other: 1 });
    expect((await caught(() => db.collection('loose').insertOne({ name: 'x' }))).code).toBe(121);
  });

  it('supports query operators next to $jsonSchema in a validator', async () => {
    await db.createCollection('mixed_validator', {
      validator: { $jsonSchema: { required: ['qty'] }, qty: { $gte: 0 } },
    });
    await db.collection('mixed_validator').insertOne({ qty: 1 });
    expect((await caught(() => db.collection('mixed_validator').insertOne({ qty: -1 }))).code).toBe(121);
  });

  it('rejects unknown $jsonSchema keywords at creation', async () => {
    const err = await caught(() => db.createCollection('bad_schema', { validator: { $jsonSchema: { bsonTyp: 'object' } } }));
    expect(err.code).toBe(9);
    expect(err.message).toContain('Unknown $jsonSchema keyword: bsonTyp');
  });

  it('bypassDocumentValidation skips the validator', async () => {
    await db.collection('patients').insertOne({ broken: true }, { bypassDocumentValidation: true });
    expect(await db.collection('patients').countDocuments({ broken: true })).toBe(1);
  });
});

describe('collections and databases', () => {
  it('listCollections with options, filter and nameOnly', async () => {
    await db.collection('implicit').insertOne({ a: 1 });
    const all = await db.listCollections({}, { nameOnly: false }).toArray();
    const names = all.map((c) => c.name).sort();
    expect(names).toEqual(['implicit', 'loose', 'mixed_validator', 'patients']);
    const patients = all.find((c) => c.name === 'patients');
    expect(patients).toMatchObject({ type: 'collection', options: { validationLevel: 'strict', validationAction: 'error' } });
    expect(patients?.options?.validator.$jsonSchema.required).toEqual(['_id', 'name', 'dob', 'status']);
    expect(patients?.info?.readOnly).toBe(false);
    const filtered = await db.listCollections({ name: 'implicit' }, { nameOnly: true }).toArray();
    expect(filtered).toEqual([{ name: 'implicit', type: 'collection' }]);
  });

  it('createCollection is idempotent with equal options and fails with different ones', async () => {
    await db.createCollection('twice');
    await db.createCollection('twice');
    const err = await caught(() => db.createCollection('twice', { validator: { a: { $exists: true } } }));
    expect(err.code).toBe(48);
    expect(err.codeName).toBe('NamespaceExists');
  });

  it('drop removes a collection with its indexes; dropping a missing one succeeds', async () => {
    const coll = db.collection('to_drop');
    await coll.insertOne({ a: 1 });
    await coll.createIndex({ a: 1 }, { unique: true });
    expect(await coll.drop()).toBe(true);
    expect(await coll.countDocuments()).toBe(0);
    expect(await db.listCollections({ name: 'to_drop' }).toArray()).toHaveLength(0);
    await coll.insertOne({ a: 1 });
    await coll.insertOne({ a: 1 }); // the unique index went away with the collection
    expect(await coll.countDocuments()).toBe(2);
    expect(await db.collection('never_existed').drop()).toBe(true);
  });

  it('renames a collection', async () => {
    await db.collection('old_name').insertOne({ v: 1 });
    await db.renameCollection('old_name', 'new_name');
    expect(await db.collection('new_name').countDocuments()).toBe(1);
    expect(await db.collection('old_name').countDocuments()).toBe(0);
  });

  it('listDatabases and dropDatabase', async () => {
    const other = h.client.db('scratch_db');
    await other.collection('x').insertOne({ a: 1 });
    const { databases } = await h.client.db().admin().listDatabases();
    expect(databases.map((d) => d.name)).toEqual(expect.arrayContaining(['admin', 'collections', 'scratch_db']));
    expect(await other.dropDatabase()).toBe(true);
    const after = await h.client.db().admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.toContain('scratch_db');
    expect(await other.collection('x').countDocuments()).toBe(0);
  });

  it('rejects transactions like a standalone server', async () => {
    const session = h.client.startSession();
    try {
      session.startTransaction();
      const err = await caught(() => db.collection('implicit').insertOne({ t: 1 }, { session }));
      // The driver rewrites mongod's standalone answer (code 20) into this hint.
      expect(err.message).toContain('does not support retryable writes');
      const original = err.originalError as { code: number; message: string };
      expect(original.code).toBe(20);
      expect(original.message).toBe('Transaction numbers are only allowed on a replica set member or mongos');
    } finally {
      await session.endSession();
    }
  });
});
