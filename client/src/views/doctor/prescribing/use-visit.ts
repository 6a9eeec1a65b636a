// What the prescribing panel needs about the visit in focus: its location (the typeahead shows
// that location's stock), the patient's recorded allergies, and the prescriptions already written
// at this visit, newest first.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../lib/api';
import type { Appointment, Prescription, PrescriptionList } from '../../../lib/contract';
import { fetchPatient } from '../patients';

export interface VisitForPrescribing {
  locationId: string;
  allergies: string[];
  prescriptions: Prescription[];
}

export function useVisit(appointmentId: string, patientId: string) {
  const [visit, setVisit] = useState<VisitForPrescribing | null>(null);
  const [error, setError] = useState<unknown>(null);

  const listOf = useCallback(
    () =>
      api<PrescriptionList>('GET', `/api/prescriptions?appointmentId=${appointmentId}&limit=100`).then(({ prescriptions }) =>
        [...prescriptions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
      ),
    [appointmentId],
  );

  useEffect(() => {
    setVisit(null);
    setError(null);
    let live = true;
    Promise.all([api<Appointment>('GET', `/api/appointments/${appointmentId}`), fetchPatient(patientId), listOf()])
      .then(([appointment, patient, prescriptions]) => {
        if (live) setVisit({ locationId: appointment.locationId, allergies: patient.allergies, prescriptions });
      })
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [appointmentId, patientId, listOf]);

  /** A prescription saved, signed, cancelled or issued here: replaces its old copy in the list. */
  const put = useCallback((...changed: Prescription[]) => {
    setVisit((v) => {
      if (!v) return v;
      const ids = new Set(changed.map((p) => p.id));
      const rest = v.prescriptions.filter((p) => !ids.has(p.id));
      return { ...v, prescriptions: [...changed, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
    });
  }, []);

  return { visit, error, put };
}
