// bench/documents.ts: document upload and download through the hub, next to the driver's own
// GridFSBucket writing and reading the same bytes in the same run.
// `connections` clients in a closed loop, each on its own keep-alive connection, until `files` files
// of `mb` MB (a PDF header, then random bytes) have gone each way:
// 1. raw write: GridFSBucket.openUploadStream of the bytes, 64 KiB at a time (what the hub does with
//    an upload, without HTTP, multipart, sniffing, hashing or access checks);
// 2. hub upload: POST /api/patients/:id/documents (multipart, the doctor of the patient's visit);
// 3. raw read: GridFSBucket.openDownloadStream of the files of 1;
// 4. hub download: GET /api/documents/:id/content of the files of 2.
// Every figure is MB/s of file bytes (1 MB = 10^6 bytes), printed with the hub's ratio to the raw one.
// One process holds the hub (scratchHub, on a scratch MySQL database and Redis prefix) and the
// clients; MongoDB is MONGO_URL's or the test double in a process of its own (bench/kit.ts). The raw
// figures go through the same process and the same MongoDB as the hub's, so the ratio is what HTTP
// and the hub's own work cost on top.
// Usage: npm run bench:documents [-- --files 48 --connections 8 --mb 5]
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket } from 'mongodb';
import { newId } from '../db/ids.js';
import { setupMongo } from '../db/mongo/setup.js';
import { appointments } from '../db/schema/index.js';
import { claimsOf } from '../server/modules/auth/access-token.js';
import { DoctorsService } from '../server/modules/doctors/service.js';
import { LocationsService } from '../server/modules/locations/service.js';
import { PatientsService } from '../server/modules/patients/service.js';
import { loadPrincipal } from '../server/modules/users/repository.js';
import { benchStores, printRows } from './kit.js';
import { scratchHub } from './servers/scratch.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const files = flag('files', 48);
const connections = flag('connections', 8);
const mb = flag('mb', 5);
const SIZE = mb * 1_000_000;
const BLOCK = 64 * 1024;

console.log(`${files} files of ${mb} MB each way, ${connections} connections\n`);

// --- the stores and the hub ---------------------------------------------------------------------
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('docs');
const database = stores.name;
const double = stores.double;
process.env.MONGO_URL = stores.mongoUrl;
const { app } = await scratchHub(database, { DOCUMENT_MAX_BYTES: String(SIZE + 1_000_000) });
await setupMongo(app.mongo.db);
const location = await new LocationsService(app.db).create({
  name: 'Bench Clinic',
  address: '1 Road',
  phone: '+1 212 555 0100',
  timezone: 'UTC',
});
const doctor = await new DoctorsService(app.db).create({
  firstName: 'Bea',
  lastName: 'Bench',
  email: 'doctor@bench.example',
  password: undefined,
  specialization: 'Radiology',
  licenseNumber: 'BENCH-1',
  locationId: location.id,
  room: '1',
  consultationMinutes: 15,
});
const patient = await new PatientsService(app.db, 'UTC').create({
  firstName: 'Pat',
  lastName: 'Bench',
  dateOfBirth: '1980-01-01',
  phone: '+1 212 555 0101',
});
// A visit a moment ago: the doctor's care relationship with the patient.
const now = Date.now();
await app.db.insert(appointments).values({
  id: newId(),
  bookingReference: 'BD000001',
  doctorId: doctor.id,
  patientId: patient.id,
  locationId: location.id,
  startAt: new Date(now - 20 * 60_000),
  endAt: new Date(now - 5 * 60_000),
  status: 'completed',
  walkIn: true,
  checkedInAt: new Date(now - 30 * 60_000),
  startedAt: new Date(now - 20 * 60_000),
  completedAt: new Date(now),
});
const token = app.signAccessToken(claimsOf((await loadPrincipal(app.db, doctor.userId))!));
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
console.log(`hub ready on port ${port} (MongoDB: ${double ? 'the test double' : 'MONGO_URL'})\n`);

const bytes = randomBytes(SIZE);
bytes.write('%PDF-1.7\n', 0, 'latin1');
const blocks = () =>
  Readable.from(
    (function* () {
      for (let at = 0; at < SIZE; at += BLOCK) yield bytes.subarray(at, at + BLOCK);
    })(),
  );
const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });

// --- the loop ------------------------------------------------------------------------------------
/** Runs `op` `files` times over `connections` closed-loop workers, showing progress; answers MB/s. */
async function measure(label: string, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const began = performance.now();
  const show = () => {
    const line = `  ${label}: ${done}/${files} files, ${((done * SIZE) / 1e6 / ((performance.now() - began) / 1000)).toFixed(1)} MB/s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else console.log(line);
  };
  const ticker = setInterval(show, 1000);
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < files; i = next++) {
        await op(i);
        done++;
      }
    }),
  );
  clearInterval(ticker);
  show();
  if (process.stdout.isTTY) process.stdout.write('\n');
  return (files * SIZE) / 1e6 / ((performance.now() - began) / 1000);
}

const bucket = new GridFSBucket(app.mongo.db, { bucketName: 'raw_bench' });
const rawIds: unknown[] = [];
const rawWrite = await measure('raw GridFS write', async (i) => {
  const upload = bucket.openUploadStream(`raw-${i}.pdf`);
  await pipeline(blocks(), upload);
  rawIds[i] = upload.id;
});

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const boundary = '----benchboundary';
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nlab_report\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBench report\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const hubIds: string[] = [];
function request(options: http.RequestOptions, body?: () => Readable): Promise<{ status: number; body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent, ...options }, (res) => {
      const parts: Buffer[] = [];
      let received = 0;
      res.on('data', (c: Buffer) => {
        received += c.length;
        if (res.headers['content-type']?.startsWith('application/json')) parts.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), bytes: received }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) pipeline(body(), req).catch(reject);
    else req.end();
  });
}
const hubUpload = await measure('hub upload', async (i) => {
  const answer = await request(
    {
      method: 'POST',
      path: `/api/patients/${patient.id}/documents`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + SIZE + tail.length),
      },
    },
    () =>
      Readable.from(
        (function* () {
          yield head;
          for (let at = 0; at < SIZE; at += BLOCK) yield bytes.subarray(at, at + BLOCK);
          yield tail;
        })(),
      ),
  );
  if (answer.status !== 201) throw new Error(`upload: ${answer.status} ${answer.body.slice(0, 300)}`);
  hubIds[i] = JSON.parse(answer.body).id;
});

const rawRead = await measure('raw GridFS read', async (i) => {
  await pipeline(bucket.openDownloadStream(rawIds[i] as never), sink());
});
const hubDownload = await measure('hub download', async (i) => {
  const answer = await request({
    method: 'GET',
    path: `/api/documents/${hubIds[i]}/content`,
    headers: { authorization: `Bearer ${token}` },
  });
  if (answer.status !== 200 || answer.bytes !== SIZE) throw new Error(`download: ${answer.status}, ${answer.bytes} bytes`);
});

console.log(
  `\nupload:   hub ${hubUpload.toFixed(1)} MB/s, raw GridFS write ${rawWrite.toFixed(1)} MB/s, ratio ${(hubUpload / rawWrite).toFixed(2)}` +
    `\ndownload: hub ${hubDownload.toFixed(1)} MB/s, raw GridFS read ${rawRead.toFixed(1)} MB/s, ratio ${(hubDownload / rawRead).toFixed(2)}`,
);

printRows([
  {
    bench: 'documents',
    figure: `upload ${mb} MB files`,
    value: Math.round(hubUpload * 10) / 10,
    unit: 'MB/s',
    baseline: { name: `raw GridFS write${double ? ' (double)' : ''}`, value: Math.round(rawWrite * 10) / 10 },
  },
  {
    bench: 'documents',
    figure: `download ${mb} MB files`,
    value: Math.round(hubDownload * 10) / 10,
    unit: 'MB/s',
    baseline: { name: `raw GridFS read${double ? ' (double)' : ''}`, value: Math.round(rawRead * 10) / 10 },
  },
]);

// --- clean-up: the scratch database, Redis keys and Mongo database go -----------------------------
agent.destroy();
await app.close();
await stores.cleanup();
