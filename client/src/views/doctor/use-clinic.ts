// Where the doctor works: their room and the location's time zone, which decides what "today"
// is and how times are shown.
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Doctor, Location } from '../../lib/contract';
import { dateIn } from '../../lib/datetime';
import type { Units } from './soap';

export interface Clinic {
  room: string;
  locationName: string;
  timeZone: string;
  displayName: string;
  /** How vitals are shown and typed here (a server without the setting: metric). */
  units: Units;
  /** The location's phone (E.164): its country is the one whose numbers read nationally (lib/phone.ts). */
  phone: string;
}

export function useClinic(doctorId: string) {
  const [clinic, setClinic] = useState<Clinic | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const doctor = await api<Doctor>('GET', `/api/doctors/${doctorId}`);
      const location = await api<Location>('GET', `/api/locations/${doctor.locationId}`);
      if (live)
        setClinic({
          room: doctor.room,
          displayName: doctor.displayName,
          locationName: location.name,
          timeZone: location.timezone,
          units: location.units ?? 'metric',
          phone: location.phone,
        });
    })().catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [doctorId]);
  return { clinic, error };
}

/** Today's calendar date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dateIn(now, timeZone);
}
