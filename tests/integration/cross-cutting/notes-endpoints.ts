// The access matrix's rows for clinical notes (issue 17: the author writes; the care team reads as
// each note's privacy allows; the patient reads shared final versions; staff only where
// STAFF_CAN_READ_RECORDS is on, which it is not in the matrix's hub). A note the caller may not
// read answers 404 (ids cannot be probed). `nurse` works at the visit's location (care team: reads
// this standard note), `otherNurse` elsewhere. The notes' own privacy matrix
// (tests/integration/notes/privacy-matrix.test.ts) covers the other levels, named readers and staff with a reason.
import type { Endpoint } from '../../support/access-matrix.js';
import type { PrescriptionMaker } from '../../support/prescription-objects.js';

export interface NotesWorld {
  /** Makes a visit of the patient with the doctor (a walk-in), for a new note per caller. */
  make: PrescriptionMaker;
  patientId: string;
  /** The doctor's standard note of the patient, final and shared with the patient. */
  noteId: string;
}

export const noteBody = (text: string) => ({
  subjective: text,
  objective: { text: 'Clear' },
  assessment: { text: 'Viral', diagnoses: [] },
  plan: { text: 'Rest' },
});

export function notesEndpoints(world: () => NotesWorld): Endpoint[] {
  const w = world;
  return [
    {
      name: 'POST /api/appointments/:id/notes',
      method: 'POST',
      url: async () => `/api/appointments/${await w().make.visit()}/notes`,
      body: () => ({ ...noteBody('Matrix note'), privacy: 'sensitive' }),
      allowed: ['doctor'],
    },
    {
      name: 'PUT /api/notes/:id',
      method: 'PUT',
      url: () => `/api/notes/${w().noteId}`,
      body: () => ({ ...noteBody('Matrix version'), final: true }),
      allowed: ['doctor'],
      // Another doctor cannot tell this note from a missing one by writing to it.
      hidden: ['otherDoctor'],
    },
    {
      name: 'GET /api/notes/:id',
      method: 'GET',
      url: () => `/api/notes/${w().noteId}`,
      allowed: ['doctor', 'patient', 'nurse'],
      hidden: ['otherDoctor', 'otherPatient', 'otherNurse'],
    },
    {
      // The other doctor gets the notes they wrote (none); the other patient may not ask about this patient.
      name: 'GET /api/notes (patientId, query)',
      method: 'GET',
      url: () => `/api/notes?patientId=${w().patientId}&query=viral`,
      allowed: ['doctor', 'otherDoctor', 'patient', 'nurse'],
    },
    {
      name: 'GET /api/notes/:id/versions',
      method: 'GET',
      url: () => `/api/notes/${w().noteId}/versions`,
      allowed: ['doctor', 'nurse'],
      hidden: ['otherDoctor', 'otherNurse'],
    },
  ];
}
