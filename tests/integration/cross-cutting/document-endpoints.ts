// The documents routes in the access matrix (access-matrix.test.ts). The clinic's doctor has visits
// with its patient; the documents are that patient's, shared with them (an image, so that it has a
// preview). Staff are refused: STAFF_CAN_READ_RECORDS is off in the matrix's hub. Another patient
// gets 404 (a patient cannot probe another's record), except on routes their role never reaches.
// Nurses are not callers of the matrix: tests/integration/documents/access-search.test.ts has them.
import { Jimp } from 'jimp';
import type { Caller, Endpoint } from '../../support/access-matrix.js';
import type { Actor } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';
import { form, PDF, upload } from '../documents/fixtures.js';

export interface DocumentWorld {
  patientId: string;
  documentId: string;
}

export async function documentWorld(hub: TestHub, doctor: Actor, patientId: string): Promise<DocumentWorld> {
  const png = await new Jimp({ width: 400, height: 300, color: 0x88aaccff }).getBuffer('image/png');
  const res = await upload(hub, doctor, patientId, { fields: { type: 'xray', title: 'Hand', shareWithPatient: 'true' }, bytes: png });
  if (res.statusCode !== 201 || !res.json().hasThumbnail) throw new Error(`document: ${res.body}`);
  return { patientId, documentId: res.json().id };
}

// `nurse` works at the location of the patient's visits (care team), `otherNurse` elsewhere.
const READERS: Caller[] = ['doctor', 'patient', 'nurse'];
const HIDDEN: Caller[] = ['otherPatient'];

export function documentEndpoints(w: () => DocumentWorld): Endpoint[] {
  const doc = () => `/api/documents/${w().documentId}`;
  return [
    {
      name: 'POST /api/patients/:id/documents',
      method: 'POST',
      url: () => `/api/patients/${w().patientId}/documents`,
      body: () => form({ fields: { type: 'lab_report', title: 'Matrix' }, bytes: PDF, filename: 'm.pdf' }),
      allowed: ['doctor', 'nurse'],
    },
    {
      name: 'GET /api/patients/:id/documents',
      method: 'GET',
      url: () => `/api/patients/${w().patientId}/documents`,
      allowed: READERS,
      hidden: HIDDEN,
    },
    { name: 'GET /api/documents/:id', method: 'GET', url: doc, allowed: READERS, hidden: HIDDEN },
    { name: 'GET /api/documents/:id/content', method: 'GET', url: () => `${doc()}/content`, allowed: READERS, hidden: HIDDEN },
    { name: 'GET /api/documents/:id/thumbnail', method: 'GET', url: () => `${doc()}/thumbnail`, allowed: READERS, hidden: HIDDEN },
    { name: 'PATCH /api/documents/:id', method: 'PATCH', url: doc, body: () => ({ tags: ['matrix'] }), allowed: ['doctor'] },
  ];
}
