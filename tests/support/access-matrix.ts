// The shape of the access matrix (tests/integration/cross-cutting/access-matrix.test.ts): every
// kind of caller, and an endpoint with the callers it lets through. Shared so that a module's rows
// can live in a file of their own beside the matrix.

/**
 * Who calls. `doctor` and `patient` are the clinic's own pair (the patient's visits are with that
 * doctor); `otherDoctor` has no visit with that patient, `otherPatient` is a second patient of the
 * same clinic; `otherDisplay` is a screen of another location. `nurse` works at the clinic's location
 * (where the patient has visits); `otherNurse` at another location.
 */
export type Caller =
  | 'anonymous'
  | 'admin'
  | 'receptionist'
  | 'pharmacist'
  | 'doctor'
  | 'otherDoctor'
  | 'nurse'
  | 'otherNurse'
  | 'patient'
  | 'otherPatient'
  | 'display'
  | 'otherDisplay';

export const CALLERS: Caller[] = [
  'anonymous',
  'admin',
  'receptionist',
  'pharmacist',
  'doctor',
  'otherDoctor',
  'nurse',
  'otherNurse',
  'patient',
  'otherPatient',
  'display',
  'otherDisplay',
];

export interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The URL, made per call: a change that can be made once (signing a draft) gets a fresh object each time. */
  url: () => string | Promise<string>;
  body?: () => object;
  allowed: Caller[];
  /** Refused with 404 NOT_FOUND rather than 403: the object does not exist for them (a draft to its patient). */
  hidden?: Caller[];
}

/** Every caller of a role, wherever that role is allowed regardless of whose record it is. */
export const ANY_DOCTOR: Caller[] = ['doctor', 'otherDoctor'];
export const ANY_PATIENT: Caller[] = ['patient', 'otherPatient'];
/** Nurses of either location, wherever the role is allowed whoever's record it is. */
export const ANY_NURSE: Caller[] = ['nurse', 'otherNurse'];
