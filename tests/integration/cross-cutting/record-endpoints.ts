// The access matrix's rows for the medical record (issue 17): the record and vitals are read by the
// patient (another patient: 404), the doctor who sees them and a nurse of their visit's location;
// admins and receptionists only with STAFF_CAN_READ_RECORDS on (off here; on in
// tests/integration/record/access.test.ts). The care team writes, conditions doctors only. A
// location's triage list is its nurses' and admins'; a doctor's queue is read by nurses there too.
import type { Endpoint } from '../../support/access-matrix.js';
import { type Actor, bearer } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';

export interface RecordWorld {
  patientId: string;
  doctorId: string;
  locationId: string;
  allergyId: string;
  conditionId: string;
  medicationId: string;
  historyId: string;
}

/** One entry of each part, written by the patient's doctor (who has a visit with them). */
export async function recordWorld(hub: TestHub, doctor: Actor, patientId: string, locationId: string): Promise<RecordWorld> {
  const post = async (part: string, payload: object) => {
    const res = await hub.app.inject({ method: 'POST', url: `/api/patients/${patientId}/${part}`, headers: bearer(doctor.token), payload });
    if (res.statusCode !== 201) throw new Error(`${part}: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  return {
    patientId,
    doctorId: doctor.doctorId!,
    locationId,
    allergyId: await post('allergies', { substance: 'Latex', severity: 'mild' }),
    conditionId: await post('conditions', { description: 'Hay fever', status: 'active' }),
    medicationId: await post('medications', { name: 'Cetirizine' }),
    historyId: await post('history', { kind: 'social', description: 'Cycles to work' }),
  };
}

const CARE_TEAM = ['doctor', 'nurse'] as const;

export function recordEndpoints(world: () => RecordWorld): Endpoint[] {
  const patient = () => `/api/patients/${world().patientId}`;
  return [
    {
      name: 'GET /api/patients/:id/record',
      method: 'GET',
      url: () => `${patient()}/record`,
      allowed: [...CARE_TEAM, 'patient'],
      hidden: ['otherPatient'],
    },
    {
      name: 'POST /api/patients/:id/allergies',
      method: 'POST',
      url: () => `${patient()}/allergies`,
      body: () => ({ substance: 'Pollen', severity: 'mild' }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'PATCH /api/allergies/:id',
      method: 'PATCH',
      url: () => `/api/allergies/${world().allergyId}`,
      body: () => ({ severity: 'moderate' }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'POST /api/patients/:id/conditions',
      method: 'POST',
      url: () => `${patient()}/conditions`,
      body: () => ({ code: 'J30.1', description: 'Allergic rhinitis', status: 'active' }),
      allowed: ['doctor'],
    },
    {
      name: 'PATCH /api/conditions/:id',
      method: 'PATCH',
      url: () => `/api/conditions/${world().conditionId}`,
      body: () => ({ status: 'active' }),
      allowed: ['doctor'],
    },
    {
      name: 'POST /api/patients/:id/medications',
      method: 'POST',
      url: () => `${patient()}/medications`,
      body: () => ({ name: 'Loratadine', dose: '10 mg' }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'PATCH /api/patient-medications/:id',
      method: 'PATCH',
      url: () => `/api/patient-medications/${world().medicationId}`,
      body: () => ({ status: 'active' }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'POST /api/patients/:id/history',
      method: 'POST',
      url: () => `${patient()}/history`,
      body: () => ({ kind: 'surgical', description: 'Tonsillectomy' }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'PATCH /api/history/:id',
      method: 'PATCH',
      url: () => `/api/history/${world().historyId}`,
      body: () => ({ status: 'active' }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'POST /api/patients/:id/vitals',
      method: 'POST',
      url: () => `${patient()}/vitals`,
      body: () => ({ heartRate: 64 }),
      allowed: [...CARE_TEAM],
    },
    {
      name: 'GET /api/patients/:id/vitals',
      method: 'GET',
      url: () => `${patient()}/vitals`,
      allowed: [...CARE_TEAM, 'patient'],
      hidden: ['otherPatient'],
    },
    {
      name: 'GET /api/locations/:id/triage',
      method: 'GET',
      url: () => `/api/locations/${world().locationId}/triage`,
      allowed: ['admin', 'nurse'],
    },
    {
      name: 'GET /api/doctors/:id/queue',
      method: 'GET',
      url: () => `/api/doctors/${world().doctorId}/queue`,
      // Not nurses: a queue holds the doctor's patients at every location, with reasons (they read triage lists).
      allowed: ['admin', 'receptionist', 'doctor'],
    },
  ];
}
