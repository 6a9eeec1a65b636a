import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('aggregate');
  await db.collection('clinics').insertMany([
    { code: 'N', name: 'North' },
    { code: 'S', name: 'South' },
  ]);
  await db.collection('visits').insertMany([
    { clinic: 'N', patient: 'p1', minutes: 10, at: new Date('2024-03-01T09:00:00Z'), tags: ['new'] },
    { clinic: 'N', patient: 'p2', minutes: 30, at: new Date('2024-03-01T10:00:00Z'), tags: ['follow-up'] },
    { clinic: 'S', patient: 'p1', minutes: 20, at: new Date('2024-03-02T09:00:00Z'), tags: ['new', 'urgent'] },
    { clinic: 'S', patient: 'p3', minutes: 40, at: new Date('2024-03-02T11:00:00Z'), tags: [] },
    { clinic: 'X', patient: 'p4', minutes: 5, at: new Date('2024-03-03T08:00:00Z') },
  ]);
});

afterAll(async () => {
  await h.close();
});

describe('aggregate', () => {
  it('$match, $group, $sort and $project', async () => {
    const rows = await db
      .collection('visits')
      .aggregate([
        { $match: { minutes: { $gte: 10 } } },
        { $group: { _id: '$clinic', total: { $sum: '$minutes' }, visits: { $sum: 1 }, patients: { $addToSet: '$patient' } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, clinic: '$_id', total: 1, visits: 1, patientCount: { $size: '$patients' } } },
      ])
      .toArray();
    expect(rows).toEqual([
      { clinic: 'S', total: 60, visits: 2, patientCount: 2 },
      { clinic: 'N', total: 40, visits: 2, patientCount: 2 },
    ]);
  });

  it('$lookup joins another collection of the same database', async () => {
    const rows = await db
      .collection('visits')
      .aggregate([
        { $lookup: { from: 'clinics', localField: 'clinic', foreignField: 'code', as: 'clinicDoc' } },
        { $sort: { at: 1 } },
        { $project: { _id: 0, patient: 1, clinicName: { $first: '$clinicDoc.name' } } },
      ])
      .toArray();
    expect(rows.map((r) => r.clinicName)).toEqual(['North', 'North', 'South', 'South', undefined]);
    expect(rows[0]).toEqual({ patient: 'p1', clinicName: 'North' });
  });

  it('$unwind, $count, $facet and $limit/$skip', async () => {
    const [tagCount] = await db
      .collection('visits')
      .aggregate([{ $unwind: '$tags' }, { $count: 'n' }])
      .toArray();
    expect(tagCount).toEqual({ n: 4 });
    const [facets] = await db
      .collection('visits')
      .aggregate([
        {
          $facet: {
            byClinic: [{ $group: { _id: '$clinic', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            longest: [{ $sort: { minutes: -1 } }, { $limit: 1 }, { $project: { _id: 0, patient: 1 } }],
            secondPage: [{ $sort: { minutes: 1 } }, { $skip: 2 }, { $limit: 2 }, { $project: { _id: 0, minutes: 1 } }],
          },
        },
      ])
      .toArray();
    expect(facets?.byClinic).toEqual([
      { _id: 'N', n: 2 },
      { _id: 'S', n: 2 },
      { _id: 'X', n: 1 },
    ]);
    expect(facets?.longest).toEqual([{ patient: 'p3' }]);
    expect(facets?.secondPage).toEqual([{ minutes: 20 }, { minutes: 30 }]);
  });

  it('groups by date parts and keeps Date values intact', async () => {
    const rows = await db
      .collection('visits')
      .aggregate([
        { $group: { _id: { $dateToString: { format: '%Y-%m-%d', date: '$at' } }, first: { $min: '$at' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows.map((r) => r._id)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03']);
    expect(rows[0]?.first).toBeInstanceOf(Date);
    expect(rows[0]?.first.toISOString()).toBe('2024-03-01T09:00:00.000Z');
  });

  it('streams large results through getMore with a batchSize', async () => {
    const coll = db.collection('agg_many');
    await coll.insertMany(Array.from({ length: 25 }, (_, i) => ({ i })));
    const out = await coll.aggregate([{ $sort: { i: -1 } }], { batchSize: 4 }).toArray();
    expect(out.map((d) => d.i)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
  });

  it('rejects unsupported stages clearly', async () => {
    const err = await caught(() =>
      db
        .collection('visits')
        .aggregate([{ $search: { text: { query: 'x', path: 'a' } } }])
        .toArray(),
    );
    expect(err.code).toBe(2);
    expect(err.message).toContain('$search');
  });
});

describe('count and distinct', () => {
  it('countDocuments with filter, skip and limit; estimatedDocumentCount', async () => {
    const visits = db.collection('visits');
    expect(await visits.countDocuments()).toBe(5);
    expect(await visits.countDocuments({ clinic: 'N' })).toBe(2);
    expect(await visits.countDocuments({}, { skip: 1, limit: 3 })).toBe(3);
    expect(await visits.countDocuments({}, { skip: 4, limit: 3 })).toBe(1);
    expect(await visits.estimatedDocumentCount()).toBe(5);
    expect(await db.collection('nothing_here').estimatedDocumentCount()).toBe(0);
    expect(await db.collection('nothing_here').countDocuments()).toBe(0);
  });

  it('distinct unwinds arrays and applies a filter', async () => {
    const visits = db.collection('visits');
    expect((await visits.distinct('clinic')).sort()).toEqual(['N', 'S', 'X']);
    expect((await visits.distinct('tags')).sort()).toEqual(['follow-up', 'new', 'urgent']);
    expect((await visits.distinct('patient', { clinic: 'S' })).sort()).toEqual(['p1', 'p3']);
    expect(await visits.distinct('missing_field')).toEqual([]);
  });
});
