// Names for the patient ids of a day's visits: the appointment list carries ids only, so each
// patient is read once (GET /api/patients/:id) and kept for the rest of the session.
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Patient } from '../../lib/contract';

const cache = new Map<string, Promise<Patient | null>>();

function patient(id: string): Promise<Patient | null> {
  let found = cache.get(id);
  if (!found) {
    found = api<Patient>('GET', `/api/patients/${id}`).catch(() => {
      cache.delete(id);
      return null;
    });
    cache.set(id, found);
  }
  return found;
}

/** Remembers a patient the desk has just found or registered. */
export function rememberPatient(p: Patient): void {
  cache.set(p.id, Promise.resolve(p));
}

export function usePatients(ids: readonly string[]): Record<string, Patient> {
  const [known, setKnown] = useState<Record<string, Patient>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let current = true;
    Promise.all(key.split(',').map(patient)).then((list) => {
      if (!current) return;
      setKnown((before) => {
        const next = { ...before };
        for (const p of list) if (p) next[p.id] = p;
        return next;
      });
    });
    return () => {
      current = false;
    };
  }, [key]);
  return known;
}
