// The locations a pharmacist works at, and the one they are working at now (kept in the browser
// so a reload opens the same counter). GET /api/me carries `locationIds` once the inventory module
// gives staff their locations; until then, and for a pharmacist with none listed, every location.
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { LocationList } from '../../lib/contract';
import type { PharmacistMe, PricedLocation } from './api-types';

const CHOSEN_KEY = 'clinic-hub.pharmacy.location';

function remembered(): string | null {
  try {
    return localStorage.getItem(CHOSEN_KEY);
  } catch {
    return null;
  }
}

export function useLocations() {
  const [locations, setLocations] = useState<PricedLocation[] | null>(null);
  const [chosenId, setChosenId] = useState<string | null>(remembered);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([api<PharmacistMe>('GET', '/api/me'), api<LocationList>('GET', '/api/locations')])
      .then(([me, { locations: all }]) => {
        const mine = me.locationIds?.length ? all.filter((l) => me.locationIds?.includes(l.id)) : all;
        setLocations(mine);
        setChosenId((id) => (id && mine.some((l) => l.id === id) ? id : (mine[0]?.id ?? null)));
      })
      .catch(setError);
  }, []);

  const choose = (id: string) => {
    setChosenId(id);
    try {
      localStorage.setItem(CHOSEN_KEY, id);
    } catch {
      // Private browsing may refuse storage: the choice then lasts until the reload.
    }
  };

  const location = locations?.find((l) => l.id === chosenId) ?? null;
  return { locations, location, choose, error };
}
