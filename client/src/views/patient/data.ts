// What several parts of the portal read: the clinic's doctors and locations, and the patient's
// own visits (reloaded after every change and whenever the hub says something moved), and the
// summaries their doctors shared with them.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Appointment, AppointmentList, Doctor, DoctorList, Location, LocationList, Note, NoteList } from '../../lib/contract';

export interface Directory {
  doctors: Map<string, Doctor>;
  locations: Map<string, Location>;
}

export function useDirectory(): { directory: Directory | null; error: unknown } {
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([api<DoctorList>('GET', '/api/doctors?limit=100'), api<LocationList>('GET', '/api/locations')])
      .then(([d, l]) =>
        setDirectory({
          doctors: new Map(d.doctors.map((x) => [x.id, x])),
          locations: new Map(l.locations.map((x) => [x.id, x])),
        }),
      )
      .catch(setError);
  }, []);
  return { directory, error };
}

/** The patient's visits. The API lists oldest first, 100 at most: the newest 100 are kept. */
export function useAppointments() {
  const [appointments, setAppointments] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      let page = await api<AppointmentList>('GET', '/api/appointments?limit=100');
      if (page.total > 100) page = await api<AppointmentList>('GET', `/api/appointments?limit=100&offset=${page.total - 100}`);
      setAppointments(page.appointments);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void reload();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);
  return { appointments, error, reload };
}

/**
 * The notes the patient's doctors marked final and shared, by visit. The hub only ever gives a
 * patient those (GET /api/notes: the latest final version of a shared note), never a draft.
 * Read with the visits, whenever they are read again.
 */
export function useSharedNotes(patientId: string | null | undefined) {
  const [notes, setNotes] = useState<ReadonlyMap<string, Note>>(new Map());
  const reload = useCallback(async () => {
    if (!patientId) return;
    try {
      const { notes: list } = await api<NoteList>('GET', `/api/notes?patientId=${encodeURIComponent(patientId)}`);
      setNotes(new Map(list.filter((n) => n.final && n.sharedWithPatient).map((n) => [n.appointmentId, n])));
    } catch {
      // A summary that cannot be read now is read with the next reload; the visits still show.
    }
  }, [patientId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { notes, reload };
}
