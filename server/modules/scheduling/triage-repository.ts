// The nurse's triage list (record/triage-service.ts): a location's visits of today that are in the
// queue (checked in, called, in progress), oldest check-in first, with the patient's name and birth
// date and the doctor's name. One query joining patients and doctors, read-only: it runs on every
// refresh of every triage screen.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { appointments, doctors, patients } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';
import { IN_QUEUE } from './appointments-repository.js';

export function triageVisitsAt(db: Reader, locationId: string, today: string) {
  return db
    .select({
      appointmentId: appointments.id,
      ticket: appointments.ticket,
      status: appointments.status,
      checkedInAt: appointments.checkedInAt,
      patientId: patients.id,
      patientFirstName: patients.firstName,
      patientLastName: patients.lastName,
      dateOfBirth: patients.dateOfBirth,
      doctorId: doctors.id,
      doctorFirstName: doctors.firstName,
      doctorLastName: doctors.lastName,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
    .where(and(eq(appointments.locationId, locationId), eq(appointments.ticketDate, today), inArray(appointments.status, [...IN_QUEUE])))
    .orderBy(asc(appointments.checkedInAt), asc(appointments.id))
    .limit(500);
}
