import type { CommandStartedEvent, Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;
const started: CommandStartedEvent[] = [];

beforeAll(async () => {
  h = await startHarness({ monitorCommands: true });
  h.client.on('commandStarted', (event) => started.push(event));
  db = h.client.db('cursors');
  await db.collection('ten').insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
});

afterAll(async () => {
  await h.close();
});

const commandsNamed = (name: string) => started.filter((e) => e.commandName === name);

describe('cursors', () => {
  it('iterates 10 documents in batches of 2 through getMore', async () => {
    started.length = 0;
    const seen: number[] = [];
    for await (const doc of db.collection('ten').find().sort({ i: 1 }).batchSize(2)) seen.push(doc.i);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // firstBatch holds 2, then 4 getMores of 2; the last one closes the cursor.
    expect(commandsNamed('find')).toHaveLength(1);
    expect(commandsNamed('getMore')).toHaveLength(4);
    expect(commandsNamed('killCursors')).toHaveLength(0);
  });

  it('returns real cursor ids and namespaces, and 0 once exhausted', async () => {
    const first = await db.command({ find: 'ten', filter: {}, sort: { i: 1 }, batchSize: 3 });
    expect(first.cursor.ns).toBe('cursors.ten');
    expect(first.cursor.firstBatch.map((d: { i: number }) => d.i)).toEqual([0, 1, 2]);
    expect(Number(first.cursor.id)).not.toBe(0);
    const more = await db.command({ getMore: first.cursor.id, collection: 'ten', batchSize: 100 });
    expect(more.cursor.nextBatch).toHaveLength(7);
    expect(Number(more.cursor.id)).toBe(0);
    const gone = await caught(() => db.command({ getMore: first.cursor.id, collection: 'ten' }));
    expect(gone.code).toBe(43);
    expect(gone.codeName).toBe('CursorNotFound');
  });

  it('kills a cursor closed early', async () => {
    started.length = 0;
    const cursor = db.collection('ten').find().batchSize(2);
    expect((await cursor.next())?.i).toBe(0);
    await cursor.close();
    const kills = commandsNamed('killCursors');
    expect(kills).toHaveLength(1);
    const id = kills[0]?.command.cursors[0];
    const again = await caught(() => db.command({ getMore: id, collection: 'ten' }));
    expect(again.code).toBe(43);
  });

  it('honours limit with batchSize, singleBatch and negative limit', async () => {
    const limited = await db.collection('ten').find().sort({ i: -1 }).limit(5).batchSize(2).toArray();
    expect(limited.map((d) => d.i)).toEqual([9, 8, 7, 6, 5]);
    const single = await db.command({ find: 'ten', filter: {}, batchSize: 3, singleBatch: true });
    expect(single.cursor.firstBatch).toHaveLength(3);
    expect(Number(single.cursor.id)).toBe(0);
    // A negative limit means "one batch": the driver sends singleBatch, and the
    // server closes the cursor after the first batch, even if batchSize is smaller.
    const negative = await db.collection('ten').find().sort({ i: 1 }).limit(-4).toArray();
    expect(negative.map((d) => d.i)).toEqual([0, 1, 2, 3]);
    const cut = await db.collection('ten').find().sort({ i: 1 }).limit(-4).batchSize(2).toArray();
    expect(cut.map((d) => d.i)).toEqual([0, 1]);
  });

  it('uses a first batch of 101 documents by default', async () => {
    const coll = db.collection('many');
    await coll.insertMany(Array.from({ length: 150 }, (_, i) => ({ i })));
    const raw = await db.command({ find: 'many', filter: {} });
    expect(raw.cursor.firstBatch).toHaveLength(101);
    await db.command({ killCursors: 'many', cursors: [raw.cursor.id] });
  });

  it('returns an empty, closed cursor for a missing collection', async () => {
    const raw = await db.command({ find: 'does_not_exist', filter: {} });
    expect(raw.cursor.firstBatch).toEqual([]);
    expect(Number(raw.cursor.id)).toBe(0);
  });

  it('stores and reads back 1000 documents', async () => {
    const coll = db.collection('thousand');
    const docs = Array.from({ length: 1000 }, (_, i) => ({ seq: i, label: `item-${i}`, even: i % 2 === 0 }));
    const res = await coll.insertMany(docs);
    expect(res.insertedCount).toBe(1000);
    const back = await coll
      .find({}, { projection: { _id: 0 } })
      .sort({ seq: 1 })
      .toArray();
    expect(back).toHaveLength(1000);
    expect(back[0]).toEqual({ seq: 0, label: 'item-0', even: true });
    expect(back[999]).toEqual({ seq: 999, label: 'item-999', even: false });
    expect(back.every((d, i) => d.seq === i)).toBe(true);
    expect(await coll.countDocuments({ even: true })).toBe(500);
  });
});
