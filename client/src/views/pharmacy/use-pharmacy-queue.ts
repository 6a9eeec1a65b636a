// The live pharmacy queue of a location: a snapshot from `pharmacy:subscribe`, then every
// `pharmacy:update` (docs/EVENTS.md), as the doctor's queue does (doctor/use-queue.ts): subscribe
// again after a reconnect the server could not recover, drop a queue older than the one shown
// (`seq`), and ask for a new snapshot after a gap.
import { useEffect, useState } from 'react';
import type { PharmacyQueue } from '../../lib/contract';
import { ask, type HubSocket, listen } from '../../lib/socket';

export function usePharmacyQueue(socket: HubSocket | null, locationId: string | null) {
  const [queue, setQueue] = useState<PharmacyQueue | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setQueue(null);
    setError(null);
    if (!socket || !locationId) return;
    let seq = -1;
    let stopped = false;
    /** Shows `q` unless it is another location's or older than the one shown; true when it was taken. */
    const take = (q: PharmacyQueue) => {
      if (stopped || q.locationId !== locationId || q.seq < seq) return false;
      seq = q.seq;
      setQueue(q);
      return true;
    };
    const subscribe = () =>
      ask(socket, 'pharmacy:subscribe', { locationId }, { timeoutMs: 10_000 }).then(
        (answer) => {
          take(answer.queue);
          if (!stopped) setError(null);
        },
        (err: unknown) => !stopped && setError(err),
      );
    const stops = [
      listen(socket, 'pharmacy:update', (q) => {
        const gap = seq >= 0 && q.seq > seq + 1;
        if (take(q) && gap) void subscribe();
      }),
      listen(socket, 'connect', () => {
        if (!socket.recovered) void subscribe();
      }),
    ];
    if (socket.connected) void subscribe();
    return () => {
      stopped = true;
      for (const stop of stops) stop();
    };
  }, [socket, locationId]);

  return { queue, error };
}
