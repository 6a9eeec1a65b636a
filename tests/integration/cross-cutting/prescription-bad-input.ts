// The bad-input table's cases for the medication catalogue, prescriptions and refill requests
// (issue 14: at least 30, each a 4xx with a stable code, nothing written). Each is sent as the one
// caller who could otherwise succeed (the prescriber, the patient, an admin), so the answer is
// about the input, never about who is asking.
import type { BadInputCase } from '../../support/bad-input.js';

export interface PrescriptionFixtures {
  /** A started visit of the patient with the doctor. */
  visitId: string;
  medicationId: string;
  /** The doctor's draft, a signed prescription, and a pending refill request on another signed one. */
  draftId: string;
  signedId: string;
  signedNumber: string;
  refillRequestId: string;
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';
/** Eight bytes that are not a PNG signature, as base64: a JPEG's start. */
const NOT_PNG = `data:image/png;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64')}`;

export function prescriptionCases(fx: () => PrescriptionFixtures): BadInputCase[] {
  const item = (over: Record<string, unknown> = {}) => ({
    medicationId: fx().medicationId,
    dose: '1 tablet',
    frequency: 'twice daily',
    durationDays: 7,
    quantity: 14,
    ...over,
  });
  const without = (field: 'dose' | 'medicationId') => {
    const { [field]: _, ...rest } = item();
    return rest;
  };
  /** A body for a new prescription with one field changed (made when the case runs: the medicine is found in beforeAll). */
  const rx = (over: Record<string, unknown>) => () => ({ items: [item()], ...over });
  const withItem = (over: Record<string, unknown>) => () => ({ items: [item(over)] });
  const create = () => `/api/appointments/${fx().visitId}/prescriptions`;
  const draft = () => `/api/prescriptions/${fx().draftId}`;
  const signed = () => `/api/prescriptions/${fx().signedId}`;
  const bad = (name: string, body: () => unknown, url = create, code = 'VALIDATION_FAILED', status = 400): BadInputCase => ({
    name: `prescription: ${name}`,
    url,
    method: url === draft ? 'PUT' : 'POST',
    body,
    as: 'doctor',
    status,
    code,
  });

  return [
    bad('no items', () => ({ items: [] })),
    bad('31 items', () => ({ items: Array.from({ length: 31 }, () => item()) })),
    bad('items is an object', () => ({ items: item() })),
    bad('item without a dose', () => ({ items: [without('dose')] })),
    bad('item without a medicationId', () => ({ items: [without('medicationId')] })),
    bad('dose of 101 characters', withItem({ dose: 'x'.repeat(101) })),
    bad('empty frequency', withItem({ frequency: '' })),
    // Spaces alone would be trimmed to an empty dose on the printed script.
    bad('blank dose', withItem({ dose: '   ' })),
    bad('blank frequency', withItem({ frequency: ' ' })),
    bad('durationDays 0', withItem({ durationDays: 0 })),
    bad('durationDays 366', withItem({ durationDays: 366 })),
    bad('durationDays 1.5', withItem({ durationDays: 1.5 })),
    bad('durationDays "7" (a string is not a number)', withItem({ durationDays: '7' })),
    bad('quantity 0', withItem({ quantity: 0 })),
    bad('quantity -1', withItem({ quantity: -1 })),
    bad('quantity 10001', withItem({ quantity: 10_001 })),
    bad('instructions of 501 characters', withItem({ instructions: 'x'.repeat(501) })),
    bad('unknown medicationId', withItem({ medicationId: UNKNOWN_ID }), create, 'UNKNOWN_MEDICATION'),
    bad('malformed medicationId', withItem({ medicationId: 'amoxicillin' })),
    bad('medicationId is a query object', withItem({ medicationId: { $ne: null } })),
    bad('unknown field in an item', withItem({ price: 3 })),
    bad('unknown field', rx({ status: 'active' })),
    bad('refills -1', rx({ refills: -1 })),
    bad('refills 12', rx({ refills: 12 })),
    bad('refills "2"', rx({ refills: '2' })),
    bad('validDays 0', rx({ validDays: 0 })),
    bad('validDays 366', rx({ validDays: 366 })),
    bad('diagnosis of 501 characters', rx({ diagnosis: 'x'.repeat(501) })),
    bad('test priority "asap"', rx({ testsOrdered: [{ name: 'Full blood count', priority: 'asap' }] })),
    bad('21 tests ordered', rx({ testsOrdered: Array.from({ length: 21 }, (_, i) => ({ name: `Test ${i}`, priority: 'routine' })) })),
    bad('test without a name', rx({ testsOrdered: [{ priority: 'routine' }] })),
    bad('test with a blank name', rx({ testsOrdered: [{ name: '  ', priority: 'routine' }] })),
    bad('drawing not a data URL', rx({ drawing: 'https://example.com/sketch.png' })),
    bad('drawing a JPEG data URL', rx({ drawing: 'data:image/jpeg;base64,/9j/4AAQ' })),
    bad('drawing whose bytes are not a PNG', rx({ drawing: NOT_PNG })),
    // Over the drawing's own limit (960,000 characters) inside a body under 1 MiB: the schema refuses it.
    bad('drawing over its limit', rx({ drawing: `data:image/png;base64,${'A'.repeat(970_000)}` })),
    // Over the body limit (1 MiB): refused before it is read.
    bad('body over 1 MiB', rx({ drawing: `data:image/png;base64,${'A'.repeat(1_100_000)}` }), create, 'PAYLOAD_TOO_LARGE', 413),
    bad('empty allergyOverrideReason', rx({ allergyOverrideReason: '' })),
    bad('allergyOverrideReason of 501 characters', rx({ allergyOverrideReason: 'x'.repeat(501) })),
    bad('edit with baseVersion 0', rx({ baseVersion: 0 }), draft),
    bad('edit with no items', () => ({ items: [] }), draft),
    bad('baseVersion on a new prescription', rx({ baseVersion: 1 })),
    {
      name: 'prescription: not JSON',
      url: create,
      raw: { payload: 'items=1', contentType: 'text/plain' },
      as: 'doctor',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'prescription: malformed JSON',
      url: create,
      raw: { payload: '{"items": [', contentType: 'application/json' },
      as: 'doctor',
      status: 400,
      code: 'INVALID_JSON',
    },
    bad(
      'cancel without a reason',
      () => ({}),
      () => `${signed()}/cancel`,
    ),
    bad(
      'cancel with an empty reason',
      () => ({ reason: '' }),
      () => `${signed()}/cancel`,
    ),
    bad(
      'cancel with a reason of 501 characters',
      () => ({ reason: 'x'.repeat(501) }),
      () => `${signed()}/cancel`,
    ),
    bad(
      'reissue without a reason',
      () => ({}),
      () => `${signed()}/reissue`,
    ),
    {
      name: 'prescription: malformed id',
      method: 'GET',
      url: '/api/prescriptions/RX-2026-000001',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'prescription: unknown id',
      method: 'GET',
      url: `/api/prescriptions/${UNKNOWN_ID}`,
      as: 'doctor',
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'prescription: sign an unknown id',
      url: `/api/prescriptions/${UNKNOWN_ID}/sign`,
      as: 'doctor',
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'prescription pdf: paper "A5"',
      method: 'GET',
      url: () => `${signed()}/pdf?paper=A5`,
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'prescriptions: status "open"',
      method: 'GET',
      url: '/api/prescriptions?status=open',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'prescriptions: limit 0',
      method: 'GET',
      url: '/api/prescriptions?limit=0',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'prescriptions: limit 101',
      method: 'GET',
      url: '/api/prescriptions?limit=101',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'prescriptions: malformed patientId',
      method: 'GET',
      url: '/api/prescriptions?patientId=me',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'verify: number of 41 characters',
      method: 'GET',
      url: `/api/prescriptions/verify/${'R'.repeat(41)}?sig=abc`,
      as: 'none',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'verify: signature of 201 characters',
      method: 'GET',
      url: () => `/api/prescriptions/verify/${fx().signedNumber}?sig=${'a'.repeat(201)}`,
      as: 'none',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'verify: unknown parameter',
      method: 'GET',
      url: () => `/api/prescriptions/verify/${fx().signedNumber}?sig=a&full=1`,
      as: 'none',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    // The catalogue.
    {
      name: 'medications: query of 101 characters',
      method: 'GET',
      url: `/api/medications?query=${'a'.repeat(101)}`,
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'medications: limit 0', method: 'GET', url: '/api/medications?limit=0', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'medications: malformed locationId',
      method: 'GET',
      url: '/api/medications?locationId=berlin',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'medications: unknown locationId',
      method: 'GET',
      url: `/api/medications?locationId=${UNKNOWN_ID}`,
      status: 404,
      code: 'NOT_FOUND',
    },
    ...(
      [
        ['form "Tablet!"', { form: 'Tablet!' }],
        ['classes with capitals', { classes: ['Penicillins'] }],
        ['11 classes', { classes: Array.from({ length: 11 }, (_, i) => `class ${i}`) }],
        ['no strength', { strength: undefined }],
        ['blank name', { name: '   ' }],
        ['blank strength', { strength: ' ' }],
        ['controlled "yes"', { controlled: 'yes' }],
        ['name of 121 characters', { name: 'x'.repeat(121) }],
      ] as const
    ).map(([name, over]) => ({
      name: `medication: ${name}`,
      url: '/api/medications',
      body: { name: 'Badinputol', genericName: 'badinputol', form: 'tablet', strength: '5 mg', ...over },
      status: 400,
      code: 'VALIDATION_FAILED',
    })),
    // Refill requests.
    {
      name: 'refill request: note of 501 characters',
      url: () => `${signed()}/refill-requests`,
      body: { note: 'x'.repeat(501) },
      as: 'patient',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'refill request: unknown field',
      url: () => `${signed()}/refill-requests`,
      body: { fills: 3 },
      as: 'patient',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'refill approval: reason of 501 characters',
      url: () => `/api/refill-requests/${fx().refillRequestId}/approve`,
      body: { reason: 'x'.repeat(501) },
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'refill denial: reason is a number',
      url: () => `/api/refill-requests/${fx().refillRequestId}/deny`,
      body: { reason: 42 },
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'refill requests: status "open"',
      method: 'GET',
      url: '/api/refill-requests?status=open',
      as: 'doctor',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
  ];
}
