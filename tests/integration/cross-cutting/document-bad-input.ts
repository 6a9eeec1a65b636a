// Bad input to the documents routes (server/modules/documents), for the bad-input table
// (bad-input.test.ts: 4xx with a code, no MySQL table written) and for the documents' own run of
// the same cases (tests/integration/documents/bad-input.test.ts: no document, GridFS file or chunk
// written). Multipart bodies are written by hand so that each case breaks exactly one rule.
import type { BadInputCase } from '../../support/bad-input.js';

export interface DocumentFixtures {
  patientId: string;
  /** A document of that patient, for the PATCH and read cases. */
  documentId: string;
}

const BOUNDARY = 'badinputboundary';
const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n';
const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const file = (content = PDF, name = 'file') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`;
/** A multipart body of these parts (fields and files, in order). */
const multipart = (...parts: string[]) => ({
  payload: `${parts.join('')}--${BOUNDARY}--\r\n`,
  contentType: `multipart/form-data; boundary=${BOUNDARY}`,
});
const valid = [field('type', 'lab_report'), field('title', 'Blood count')];
const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

export function documentCases(fx: () => DocumentFixtures): BadInputCase[] {
  const upload = () => `/api/patients/${fx().patientId}/documents`;
  const doc = () => `/api/documents/${fx().documentId}`;
  const bad = (name: string, raw: { payload: string; contentType: string }, status = 400, code = 'VALIDATION_FAILED'): BadInputCase => ({
    name: `documents: ${name}`,
    url: upload,
    raw,
    as: 'doctor',
    status,
    code,
  });
  return [
    bad('upload without a file', multipart(...valid)),
    bad('upload without a type', multipart(field('title', 'Blood count'), file())),
    bad('upload of an unknown type', multipart(field('type', 'selfie'), field('title', 'x'), file())),
    bad('title of 201 characters', multipart(field('type', 'other'), field('title', 'x'.repeat(201)), file())),
    bad('blank title', multipart(field('type', 'other'), field('title', '   '), file())),
    bad('eleven tags', multipart(...valid, field('tags', 'a,b,c,d,e,f,g,h,i,j,k'), file())),
    bad('a tag of 41 characters', multipart(...valid, field('tags', `ok,${'t'.repeat(41)}`), file())),
    bad('recordDate 2026-02-30', multipart(...valid, field('recordDate', '2026-02-30'), file())),
    bad('shareWithPatient "yes"', multipart(...valid, field('shareWithPatient', 'yes'), file())),
    bad('appointmentId of no visit of this patient', multipart(...valid, field('appointmentId', UNKNOWN_ID), file())),
    bad('an unknown multipart field', multipart(...valid, field('ownerId', UNKNOWN_ID), file())),
    bad('a field given twice', multipart(...valid, field('title', 'Again'), file())),
    bad('a field after the file', multipart(...valid, file(), field('tags', 'late'))),
    bad('two files', multipart(...valid, file(), file())),
    bad('the file part under another name', multipart(...valid, file(PDF, 'upload'))),
    bad('an empty file', multipart(...valid, file(''))),
    bad(
      'a body that is not multipart',
      { payload: JSON.stringify({ type: 'other', title: 'x' }), contentType: 'application/json' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ),
    bad('a program named a.pdf', multipart(...valid, file('MZ\u0090\u0000\u0003\u0000\u0000\u0000')), 415, 'UNSUPPORTED_FILE_TYPE'),
    {
      name: 'documents: malformed patient id',
      url: '/api/patients/not-an-id/documents',
      raw: multipart(...valid, file()),
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: malformed document id',
      method: 'GET',
      url: '/api/documents/not-an-id',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: unknown document id',
      method: 'GET',
      url: `/api/documents/${UNKNOWN_ID}/content`,
      as: 'doctor',
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'documents: list of an unknown type',
      method: 'GET',
      url: () => `${upload()}?type=selfie`,
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: 101-character title query',
      method: 'GET',
      url: () => `${upload()}?query=${'q'.repeat(101)}`,
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: content with inline=2',
      method: 'GET',
      url: () => `${doc()}/content?inline=2`,
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: PATCH an unknown field',
      method: 'PATCH',
      url: doc,
      body: { size: 1 },
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'documents: PATCH nothing', method: 'PATCH', url: doc, body: {}, as: 'doctor', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'documents: PATCH tags as text',
      method: 'PATCH',
      url: doc,
      body: { tags: 'a,b' },
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: PATCH archived "yes"',
      method: 'PATCH',
      url: doc,
      body: { archived: 'yes' },
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'documents: PATCH an unknown document',
      method: 'PATCH',
      url: `/api/documents/${UNKNOWN_ID}`,
      body: { archived: true },
      as: 'doctor',
      status: 404,
      code: 'NOT_FOUND',
    },
  ];
}
