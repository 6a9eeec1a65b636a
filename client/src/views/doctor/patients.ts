// Patient records, fetched once per page (a doctor reads only patients they have a care relationship with).
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Patient } from '../../lib/contract';

const cache = new Map<string, Promise<Patient>>();

export function fetchPatient(id: string): Promise<Patient> {
  let found = cache.get(id);
  if (!found) {
    found = api<Patient>('GET', `/api/patients/${id}`);
    found.catch(() => cache.delete(id));
    cache.set(id, found);
  }
  return found;
}

export const fullName = (p: Pick<Patient, 'firstName' | 'lastName'>) => `${p.firstName} ${p.lastName}`;

/** Names of several patients at once, by id; unknown ones stay missing until they arrive. */
export function usePatientNames(ids: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : []) {
      fetchPatient(id)
        .then((p) => live && setNames((n) => (n[id] ? n : { ...n, [id]: fullName(p) })))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** Age in whole years on a given day. */
export function ageOn(dateOfBirth: string, today = new Date()): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}
