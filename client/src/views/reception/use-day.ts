// One doctor's visits on one day at one location, fetched again whenever the hub says that
// doctor's calendar or the location's board changed (a booking, a check-in, a call …).
// The subscriptions themselves are made by the booking panel and the board preview.
import { useCallback, useEffect } from 'react';
import { api } from '../../lib/api';
import type { Appointment, AppointmentList, AppointmentStatus } from '../../lib/contract';
import { type HubSocket, listen } from '../../lib/socket';
import { type Loaded, useLatest } from './use-latest';

export function useDay(
  socket: HubSocket | null,
  doctorId: string | null,
  locationId: string,
  date: string,
  status: AppointmentStatus | '',
): Loaded<Appointment[]> {
  const load = useCallback(async () => {
    const query = new URLSearchParams({ doctorId: doctorId ?? '', date, limit: '100' });
    if (status) query.set('status', status);
    const answer = await api<AppointmentList>('GET', `/api/appointments?${query}`);
    return answer.appointments.filter((a) => a.locationId === locationId);
  }, [doctorId, locationId, date, status]);
  const loaded = useLatest(doctorId && date ? load : null);
  const { reload } = loaded;

  useEffect(() => {
    if (!socket || !doctorId) return;
    const stops = [
      listen(socket, 'availability:changed', (change) => {
        if (change.doctorId === doctorId) void reload();
      }),
      listen(socket, 'board:update', (next) => {
        if (next.locationId === locationId) void reload();
      }),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }, [socket, doctorId, locationId, reload]);

  return loaded;
}
