// The people around one patient's documents, and how the tests send uploads: through app.inject
// with a FormData body, or over a real socket with a multipart body written by hand (streamed).
import http from 'node:http';
import { GridFSBucket } from 'mongodb';
import { insertLogin, setUserLocations } from '../../../server/modules/users/repository.js';
import { type Actor, bearer, createLocation, doctor, login, PASSWORD, patient, staff } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import type { TestHub } from '../../support/test-hub.js';

let n = 0;

/** A nurse working at the given locations. */
export async function nurse(hub: TestHub, locationIds: string[]): Promise<Actor> {
  const email = `nurse.${Date.now().toString(36)}${n++}@test.example`;
  const userId = await insertLogin(hub.app.db, { email, password: PASSWORD, role: 'nurse', firstName: 'Nina', lastName: 'Nurse' });
  await setUserLocations(hub.app.db, userId, locationIds);
  const tokens = await login(hub, email);
  return { role: 'nurse', token: tokens.accessToken, email, userId } as unknown as Actor;
}

/** A doctor and a nurse of the patient's care team (a visit booked at the nurse's location), and people outside it. */
export async function documentWorld(hub: TestHub) {
  const clinic = await bookableClinic(hub);
  const visit = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(2, '10:00') },
  });
  if (visit.statusCode !== 201) throw new Error(`visit: ${visit.body}`);
  const elsewhere = await createLocation(hub);
  return {
    ...clinic,
    visitId: visit.json().id as string,
    patientId: clinic.patient.patientId,
    nurse: await nurse(hub, [clinic.location.id]),
    otherNurse: await nurse(hub, [elsewhere.id]),
    otherDoctor: await doctor(hub, clinic.location.id),
    otherPatient: await patient(hub),
    pharmacist: await staff(hub, 'pharmacist'),
  };
}

export interface UploadInput {
  fields?: Record<string, string>;
  bytes?: Uint8Array;
  filename?: string;
  contentType?: string;
}

/** A FormData body: the fields in order, then the file (when given). */
export function form({
  fields = { type: 'lab_report', title: 'Blood count' },
  bytes,
  filename = 'file.bin',
  contentType = 'application/octet-stream',
}: UploadInput) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (bytes) body.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), filename);
  return body;
}

export function upload(hub: TestHub, actor: Actor, patientId: string, input: UploadInput) {
  return hub.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/documents`,
    headers: bearer(actor.token),
    payload: form(input),
  });
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** How many GridFS files and chunks, and metadata documents, the hub's Mongo database holds. */
export async function stored(hub: TestHub) {
  const db = hub.app.mongo.db;
  const [files, chunks, documents] = await Promise.all([
    db.collection('documents.files').countDocuments(),
    db.collection('documents.chunks').countDocuments(),
    db.collection('documents').countDocuments(),
  ]);
  return { files, chunks, documents };
}

export const bucket = (hub: TestHub) => new GridFSBucket(hub.app.mongo.db, { bucketName: 'documents' });

/**
 * Waits until `check` holds, for at most `ms`. The server's clean-up after a dropped upload has no
 * event to await from here; each check is a store round trip, so the loop asks again as soon as
 * the store has answered, without sleeping in between.
 */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
  }
}

/** The head of a multipart body (fields, then the file part's headers) and its tail, around a file sent in between. */
export function multipartFrame(fields: Record<string, string>, filename: string, contentType: string) {
  const boundary = `----clinic${Date.now().toString(16)}`;
  const head =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return { boundary, head: Buffer.from(head), tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

/** A POST over a real socket whose body the caller writes (and may abandon). */
export function rawPost(base: string, path: string, token: string, boundary: string, length?: number) {
  const url = new URL(path, base);
  return http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(length !== undefined ? { 'content-length': String(length) } : { 'transfer-encoding': 'chunked' }),
    },
  });
}
