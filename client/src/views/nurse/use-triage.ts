// Today's checked-in patients at a location (GET /api/locations/:id/triage), kept current live:
// the nurse's socket follows the location's triage list (`triage:subscribe`, again after every
// reconnect the server did not recover) and `triage:changed` (a check-in, a call, a triage saved
// at any of its doctors) says to read the list again. The event carries no patient: the list is
// read over REST, where the nurse's access to that location is checked.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Triage } from '../../lib/contract';
import { ask, type HubSocket, listen } from '../../lib/socket';

export function useTriage(socket: HubSocket | null, locationId: string | null) {
  const [triage, setTriage] = useState<Triage | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    if (!locationId) return;
    try {
      const t = await api<Triage>('GET', `/api/locations/${locationId}/triage`);
      if (t.locationId !== locationId) return;
      setTriage(t);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [locationId]);

  useEffect(() => {
    setTriage(null);
    setError(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (!socket || !locationId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A burst of changes (a check-in moves two queues) reads the list once.
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 100);
    };
    const follow = () => ask(socket, 'triage:subscribe', { locationId }).catch(setError);
    const stops = [
      listen(socket, 'triage:changed', (e) => {
        if (e.locationId === locationId) soon();
      }),
      // A reconnect the server did not recover left the room and may have missed changes.
      listen(socket, 'connect', () => {
        if (socket.recovered) return;
        void follow();
        soon();
      }),
    ];
    if (socket.connected) void follow();
    return () => {
      clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }, [socket, locationId, load]);

  return { triage, error, reload: load };
}
