import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Db, GridFSBucket } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type DoubleHarness, startHarness } from './helpers.js';

let h: DoubleHarness;
let db: Db;
let bucket: GridFSBucket;

beforeAll(async () => {
  h = await startHarness();
  db = h.client.db('gridfs');
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await db.dropDatabase();
  bucket = new GridFSBucket(db, { bucketName: 'docs', chunkSizeBytes: 1024 });
});

/** Streams `bytes` into the bucket and resolves with the file id. */
async function upload(name: string, bytes: Buffer, metadata?: Record<string, unknown>) {
  const stream = bucket.openUploadStream(name, metadata ? { metadata } : {});
  await pipeline(Readable.from([bytes.subarray(0, 1500), bytes.subarray(1500)]), stream);
  return stream.id;
}

async function download(id: unknown, range?: { start?: number; end?: number }): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(id as never, range)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('GridFSBucket against the double', () => {
  it('uploads in chunks and downloads the same bytes, whole and by range', async () => {
    const bytes = randomBytes(5000);
    const id = await upload('scan.bin', bytes, { kind: 'lab' });
    expect(await db.collection('docs.chunks').countDocuments({ files_id: id })).toBe(5);
    const whole = await download(id);
    expect(createHash('sha256').update(whole).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await download(id, { start: 1000, end: 3100 })).equals(bytes.subarray(1000, 3100))).toBe(true);
    expect((await download(id, { start: 4090, end: 5000 })).equals(bytes.subarray(4090))).toBe(true);
    const byName: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStreamByName('scan.bin')) byName.push(chunk as Buffer);
    expect(Buffer.concat(byName).equals(bytes)).toBe(true);
  });

  it('find on files filters, sorts and reports length, chunkSize and metadata', async () => {
    await upload('b.txt', Buffer.from('bee'), { kind: 'note' });
    await upload('a.txt', Buffer.from('a'.repeat(2048)), { kind: 'lab' });
    const files = await bucket.find({ 'metadata.kind': { $in: ['lab', 'note'] } }, { sort: { filename: 1 } }).toArray();
    expect(files.map((f) => [f.filename, f.length, f.chunkSize])).toEqual([
      ['a.txt', 2048, 1024],
      ['b.txt', 3, 1024],
    ]);
    expect(files[0]?.uploadDate).toBeInstanceOf(Date);
  });

  it('creates the indexes GridFS expects', async () => {
    await upload('x', Buffer.from('x'));
    const files = await db.collection('docs.files').listIndexes().toArray();
    const chunks = await db.collection('docs.chunks').listIndexes().toArray();
    expect(files.map((i) => i.key)).toEqual([{ _id: 1 }, { filename: 1, uploadDate: 1 }]);
    expect(chunks.find((i) => i.name !== '_id_')).toMatchObject({ key: { files_id: 1, n: 1 }, unique: true });
  });

  it('delete removes the file and its chunks; a missing file is an error', async () => {
    const id = await upload('gone', randomBytes(3000));
    await bucket.delete(id);
    expect(await db.collection('docs.files').countDocuments()).toBe(0);
    expect(await db.collection('docs.chunks').countDocuments()).toBe(0);
    const err = await caught(() => bucket.delete(id));
    expect(err.message).toContain('File not found');
  });

  it('an aborted upload leaves no chunks and no file document', async () => {
    const stream = bucket.openUploadStream('dropped');
    await new Promise<void>((resolve, reject) => stream.write(randomBytes(4096), (err) => (err ? reject(err) : resolve())));
    expect(await db.collection('docs.chunks').countDocuments({ files_id: stream.id })).toBeGreaterThan(0);
    await stream.abort();
    expect(await db.collection('docs.chunks').countDocuments({ files_id: stream.id })).toBe(0);
    expect(await db.collection('docs.files').countDocuments()).toBe(0);
  });
});
