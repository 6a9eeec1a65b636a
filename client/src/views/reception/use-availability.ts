// A doctor's free slots on one day, kept current: subscribes with `availability:subscribe`
// and fetches again on every `availability:changed` for that doctor (docs/EVENTS.md).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Availability as FreeSlots, Slot } from '../../lib/contract';
import { ask, type HubSocket, listen, onEveryConnect } from '../../lib/socket';
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
      ask(socket, 'availability:subscribe', { doctorId }, { timeoutMs: 10_000 }).then(
        () => {
          setLive(true);
          // Whatever changed before the subscription took hold is fetched now.
          void reload();
        },
        () => setLive(false),
      );
    const stops = [
      listen(socket, 'availability:changed', (change) => {
        if (change.doctorId === doctorId) void reload();
      }),
      listen(socket, 'disconnect', () => setLive(false)),
      onEveryConnect(socket, subscribe),
    ];
    return () => {
      for (const stop of stops) stop();
      setLive(false);
    };
  }, [socket, doctorId, reload]);

  return { slots: data, error, loading, live, reload };
}
