// Test data made through the real services and the real HTTP API, never by faking stores.
import type { LightMyRequestResponse } from 'fastify';
import { displayDevices } from '../../db/schema/index.js';
import { newDisplayToken } from '../../server/modules/displays/tokens.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin } from '../../server/modules/users/repository.js';
import type { TestHub } from './test-hub.js';

export const PASSWORD = 'correct horse battery';
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface Actor {
  role: 'admin' | 'receptionist' | 'pharmacist' | 'nurse' | 'doctor' | 'patient' | 'display';
  token: string;
  refreshToken?: string;
  email?: string;
  userId?: string;
  doctorId?: string;
  patientId?: string;
  locationId?: string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function createLocation(hub: TestHub, timezone = 'Europe/Berlin') {
  return new LocationsService(hub.app.db).create({
    name: `Clinic ${unique()}`,
    address: '1 Test Street',
    phone: '+49 30 1234567',
    timezone,
  });
}

export async function login(hub: TestHub, email: string, password = PASSWORD) {
  const res = await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  return res.json() as { accessToken: string; refreshToken: string; user: { id: string } };
}

export async function staff(hub: TestHub, role: 'admin' | 'receptionist' | 'pharmacist'): Promise<Actor> {
  const email = `${role}.${unique()}@test.example`;
  const userId = await insertLogin(hub.app.db, { email, password: PASSWORD, role, firstName: 'Test', lastName: role });
  const tokens = await login(hub, email);
  return { role, token: tokens.accessToken, refreshToken: tokens.refreshToken, email, userId };
}

export async function doctor(hub: TestHub, locationId: string): Promise<Actor> {
  const email = `doctor.${unique()}@test.example`;
  const d = await new DoctorsService(hub.app.db).create({
    firstName: 'Dana',
    lastName: `Doc${unique()}`,
    email,
    password: PASSWORD,
    specialization: 'General Practice',
    licenseNumber: `LIC-${unique()}`.toUpperCase(),
    locationId,
    room: '1',
    consultationMinutes: 15,
  });
  const tokens = await login(hub, email);
  return { role: 'doctor', token: tokens.accessToken, refreshToken: tokens.refreshToken, email, userId: d.userId, doctorId: d.id };
}

export async function patient(
  hub: TestHub,
  withLogin = true,
  extra: { allergies?: string[] } = {},
): Promise<Actor & { patientId: string }> {
  const email = `patient.${unique()}@test.example`;
  const p = await new PatientsService(hub.app.db, 'UTC').create({
    firstName: 'Paula',
    lastName: `Patient${unique()}`,
    dateOfBirth: '1980-04-02',
    phone: '+49 151 2345678',
    email,
    password: withLogin ? PASSWORD : undefined,
    ...extra,
  });
  if (!withLogin) return { role: 'patient', token: '', patientId: p.id };
  const tokens = await login(hub, email);
  return { role: 'patient', token: tokens.accessToken, refreshToken: tokens.refreshToken, email, userId: p.userId!, patientId: p.id };
}

export async function display(hub: TestHub, locationId: string): Promise<Actor> {
  const { token, tokenHash } = newDisplayToken();
  await hub.app.db.insert(displayDevices).values({ locationId, name: `Screen ${unique()}`, tokenHash });
  return { role: 'display', token, locationId };
}

/** Every role, signed in, around one location. */
export async function everyone(hub: TestHub) {
  const location = await createLocation(hub);
  const [admin, receptionist, doc, pat, screen] = await Promise.all([
    staff(hub, 'admin'),
    staff(hub, 'receptionist'),
    doctor(hub, location.id),
    patient(hub),
    display(hub, location.id),
  ]);
  return { location, admin, receptionist, doctor: doc, patient: pat, display: screen };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
