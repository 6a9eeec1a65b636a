// A doctor's free slots on one day, kept current: subscribes with `availability:subscribe`
// and fetches again on every `availability:changed` for that doctor (docs/EVENTS.md).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Availability as FreeSlots, Slot } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { onEveryConnect } from './use-hub';
import { useLatest } from './use-latest';

export interface Availability {
  slots: Slot[] | null;
  error: unknown;
  loading: boolean;
  /** True once the hub confirmed the subscription on the current connection. */
  live: boolean;
  reload: () => Promise<void>;
}

export function useAvailability(socket: HubSocket | null, doctorId: string | null, date: string, locationId: string): Availability {
  const load = useCallback(async () => {
    const answer = await api<FreeSlots>('GET', `/api/doctors/${doctorId}/availability?from=${date}&to=${date}`);
    return answer.slots.filter((s) => s.locationId === locationId);
  }, [doctorId, date, locationId]);
  const { data, error, loading, reload } = useLatest(doctorId && date ? load : null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (!socket || !doctorId) return;
    const subscribe = () =>
      socket.timeout(10_000).emit('availability:subscribe', { doctorId }, (err, answer) => {
        const ok = !err && answer.ok;
        setLive(ok);
        // Whatever changed before the subscription took hold is fetched now.
        if (ok) void reload();
      });
    const changed = (change: { doctorId: string }) => {
      if (change.doctorId === doctorId) void reload();
    };
    const down = () => setLive(false);
    socket.on('availability:changed', changed);
    socket.on('disconnect', down);
    const stop = onEveryConnect(socket, subscribe);
    return () => {
      stop();
      socket.off('availability:changed', changed);
      socket.off('disconnect', down);
      setLive(false);
    };
  }, [socket, doctorId, reload]);

  return { slots: data, error, loading, live, reload };
}
