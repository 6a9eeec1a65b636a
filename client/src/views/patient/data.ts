// What several parts of the portal read: the clinic's doctors and locations, and the patient's
// own visits (reloaded after every change and whenever the hub says something moved).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Appointment, AppointmentList, Doctor, DoctorList, Location, LocationList } from '../../lib/contract';

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
