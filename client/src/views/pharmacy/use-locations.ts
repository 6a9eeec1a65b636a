// The locations a pharmacist works at, and the one they are working at now (kept in the browser
// so a reload opens the same counter): GET /api/me's `locationIds`, named from GET /api/locations.
// A pharmacist with none listed sees every location. Where the hub refuses a pharmacist the list
// of locations (403: it is not among the roles that read it yet), the pharmacist's own ids are
// still usable, numbered, in the browser's time zone.
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Location, LocationList, User } from '../../lib/contract';
import { ApiError } from '../../lib/errors';

/**
 * What the pharmacy needs of a location: its name, zone (for "today" and dates) and currency
 * (ISO 4217, which arrives with billing). Zone and currency may be unknown (the 403 case above).
 */
export type PharmacyLocation = Pick<Location, 'id' | 'name'> & { timezone?: string; currency?: string | null; units?: Location['units'] };

const CHOSEN_KEY = 'clinic-hub.pharmacy.location';

function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The list of locations refused (403): null, so the pharmacist's own ids are used unnamed. */
const unnamed = (err: unknown) => {
  if (err instanceof ApiError && err.status === 403) return null;
  throw err;
};

/** `storageKey`: where the choice is kept (the nurse's triage page keeps its own). */
export function useLocations(storageKey = CHOSEN_KEY) {
  const [locations, setLocations] = useState<PharmacyLocation[] | null>(null);
  const [chosenId, setChosenId] = useState<string | null>(() => remembered(storageKey));
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([api<User>('GET', '/api/me'), api<LocationList>('GET', '/api/locations').catch(unnamed)])
      .then(([me, listed]) => {
        const ids = me.locationIds ?? [];
        const mine: PharmacyLocation[] = listed
          ? ids.length
            ? listed.locations.filter((l) => ids.includes(l.id))
            : listed.locations
          : ids.map((id, i) => ({ id, name: `Your location ${i + 1}` }));
        setLocations(mine);
        setChosenId((id) => (id && mine.some((l) => l.id === id) ? id : (mine[0]?.id ?? null)));
      })
      .catch(setError);
  }, []);

  const choose = (id: string) => {
    setChosenId(id);
    try {
      localStorage.setItem(storageKey, id);
    } catch {
      // Private browsing may refuse storage: the choice then lasts until the reload.
    }
  };

  const location = locations?.find((l) => l.id === chosenId) ?? null;
  return { locations, location, choose, error };
}
