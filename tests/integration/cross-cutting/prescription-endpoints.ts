// The access matrix's rows for the medication catalogue, prescriptions and refill requests
// (issue 14: patient own only, doctor own patients, pharmacist signed only, reception, admins and
// screens none). Kept beside the matrix in a file of its own so the matrix stays readable.
// A change that can be made once (signing, cancelling, deciding a refill) gets a fresh object for
// every caller, so each caller's answer is about its role, not about what an earlier caller did.
import { ANY_DOCTOR, ANY_NURSE, ANY_PATIENT, type Caller, type Endpoint } from '../../support/access-matrix.js';
import { item } from '../../support/prescribing.js';
import type { PrescriptionMaker } from '../../support/prescription-objects.js';

export interface PrescriptionWorld {
  make: PrescriptionMaker;
  /** A started visit of the patient with the doctor. */
  visitId: string;
  patientId: string;
  medicationId: string;
  /** The doctor's signed prescription for the patient, and a draft, made once. */
  signed: { id: string; number: string; verifyUrl: string };
  draft: { id: string };
}

let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;
/** Those who may read a signed prescription of the patient: its prescriber, its patient, a pharmacist. */
const SIGNED_READERS: Caller[] = ['doctor', 'patient', 'pharmacist'];
const EVERYONE: Caller[] = [
  'anonymous',
  'admin',
  'receptionist',
  'pharmacist',
  ...ANY_DOCTOR,
  ...ANY_NURSE,
  ...ANY_PATIENT,
  'display',
  'otherDisplay',
];

export function prescriptionEndpoints(world: () => PrescriptionWorld): Endpoint[] {
  const w = world;
  const content = () => ({ items: [item(w().medicationId)], refills: 1 });
  return [
    {
      name: 'GET /api/medications',
      method: 'GET',
      url: () => '/api/medications?query=amox',
      allowed: ['admin', 'receptionist', 'pharmacist', ...ANY_DOCTOR, ...ANY_NURSE],
    },
    {
      name: 'POST /api/medications',
      method: 'POST',
      url: () => '/api/medications',
      body: () => ({ name: `Matrixol ${unique()}`, genericName: 'matrixol', form: 'tablet', strength: '10 mg' }),
      allowed: ['admin', 'pharmacist'],
    },
    {
      name: 'POST /api/appointments/:id/prescriptions',
      method: 'POST',
      url: () => `/api/appointments/${w().visitId}/prescriptions`,
      body: content,
      allowed: ['doctor'],
    },
    {
      name: 'PUT /api/prescriptions/:id',
      method: 'PUT',
      url: () => `/api/prescriptions/${w().draft.id}`,
      body: content,
      allowed: ['doctor'],
    },
    {
      name: 'POST /api/prescriptions/:id/sign',
      method: 'POST',
      url: async () => `/api/prescriptions/${(await w().make.draft()).id}/sign`,
      allowed: ['doctor'],
    },
    {
      name: 'POST /api/prescriptions/:id/cancel',
      method: 'POST',
      url: async () => `/api/prescriptions/${(await w().make.signed()).id}/cancel`,
      body: () => ({ reason: 'Matrix cancel' }),
      allowed: ['doctor'],
    },
    {
      name: 'POST /api/prescriptions/:id/reissue',
      method: 'POST',
      url: async () => `/api/prescriptions/${(await w().make.signed()).id}/reissue`,
      body: () => ({ reason: 'Matrix reissue' }),
      allowed: ['doctor'],
    },
    // Each reader gets their own list: a doctor's own prescriptions, a patient's own, a pharmacist's signed ones.
    {
      name: 'GET /api/prescriptions',
      method: 'GET',
      url: () => '/api/prescriptions',
      allowed: [...SIGNED_READERS, 'otherDoctor', 'otherPatient'],
    },
    {
      name: "GET /api/prescriptions (one patient's)",
      method: 'GET',
      url: () => `/api/prescriptions?patientId=${w().patientId}`,
      allowed: SIGNED_READERS,
    },
    {
      name: 'GET /api/prescriptions/:id (signed)',
      method: 'GET',
      url: () => `/api/prescriptions/${w().signed.id}`,
      allowed: SIGNED_READERS,
    },
    {
      name: 'GET /api/prescriptions/:id (draft)',
      method: 'GET',
      url: () => `/api/prescriptions/${w().draft.id}`,
      allowed: ['doctor'],
      hidden: ['patient', 'pharmacist'],
    },
    {
      name: 'GET /api/prescriptions/:id/pdf (signed)',
      method: 'GET',
      url: () => `/api/prescriptions/${w().signed.id}/pdf`,
      allowed: SIGNED_READERS,
    },
    {
      name: 'GET /api/prescriptions/:id/dispenses (signed)',
      method: 'GET',
      url: () => `/api/prescriptions/${w().signed.id}/dispenses`,
      allowed: SIGNED_READERS,
    },
    {
      name: 'GET /api/prescriptions/:id/dispenses (draft)',
      method: 'GET',
      url: () => `/api/prescriptions/${w().draft.id}/dispenses`,
      allowed: ['doctor'],
      hidden: ['patient', 'pharmacist'],
    },
    {
      name: 'GET /api/prescriptions/:id/pdf (draft)',
      method: 'GET',
      url: () => `/api/prescriptions/${w().draft.id}/pdf`,
      allowed: ['doctor'],
      hidden: ['patient', 'pharmacist'],
    },
    {
      // Public: what a printed script's QR code opens, for a pharmacy without an account.
      name: 'GET /api/prescriptions/verify/:number',
      method: 'GET',
      url: () => {
        const url = new URL(w().signed.verifyUrl);
        return url.pathname + url.search;
      },
      allowed: EVERYONE,
    },
    {
      name: 'POST /api/prescriptions/:id/refill-requests',
      method: 'POST',
      url: async () => `/api/prescriptions/${(await w().make.signed()).id}/refill-requests`,
      body: () => ({ note: 'Matrix refill' }),
      allowed: ['patient'],
    },
    { name: 'GET /api/refill-requests', method: 'GET', url: () => '/api/refill-requests', allowed: [...ANY_DOCTOR, ...ANY_PATIENT] },
    {
      name: 'POST /api/refill-requests/:id/approve',
      method: 'POST',
      url: async () => `/api/refill-requests/${(await w().make.refillRequest()).id}/approve`,
      body: () => ({}),
      allowed: ['doctor'],
    },
    {
      name: 'POST /api/refill-requests/:id/deny',
      method: 'POST',
      url: async () => `/api/refill-requests/${(await w().make.refillRequest()).id}/deny`,
      body: () => ({ reason: 'Matrix deny' }),
      allowed: ['doctor'],
    },
  ];
}
