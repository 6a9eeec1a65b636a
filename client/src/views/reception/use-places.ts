// Locations and the doctors of the chosen one, for the desk's pickers.
import { useCallback } from 'react';
import { api } from '../../lib/api';
import type { DoctorList, LocationList } from '../../lib/contract';
import { useLatest } from './use-latest';

const loadLocations = async () => (await api<LocationList>('GET', '/api/locations')).locations;

export function useLocations() {
  return useLatest(loadLocations);
}

export function useDoctors(locationId: string | null) {
  const load = useCallback(
    async () => (await api<DoctorList>('GET', `/api/doctors?locationId=${locationId}&limit=100`)).doctors,
    [locationId],
  );
  return useLatest(locationId ? load : null);
}
