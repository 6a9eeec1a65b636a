// The live pharmacy queue of a location: a snapshot from `pharmacy:subscribe`, then every
// `pharmacy:update` (docs/EVENTS.md), as the doctor's queue does (doctor/use-queue.ts): subscribe
// again after a reconnect the server could not recover, and keep in step by seq
// (lib/seq-keeper.ts: a gap or a reset counter asks for a new snapshot).
import { useEffect, useState } from 'react';
import type { PharmacyQueue } from '../../lib/contract';
import { SeqKeeper } from '../../lib/seq-keeper';
import { ask, type HubSocket, listen } from '../../lib/socket';

export function usePharmacyQueue(socket: HubSocket | null, locationId: string | null) {
  const [queue, setQueue] = useState<PharmacyQueue | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setQueue(null);
    setError(null);
    if (!socket || !locationId) return;
    const seq = new SeqKeeper();
    let stopped = false;
    const subscribe = () =>
      ask(socket, 'pharmacy:subscribe', { locationId }, { timeoutMs: 10_000 }).then(
        (answer) => {
          if (stopped) return;
          if (answer.queue.locationId === locationId && seq.snapshot(answer.queue.seq)) setQueue(answer.queue);
          setError(null);
        },
        (err: unknown) => !stopped && setError(err),
      );
    const stops = [
      listen(socket, 'pharmacy:update', (q: PharmacyQueue) => {
        if (stopped || q.locationId !== locationId) return;
        const { show, resync } = seq.update(q.seq);
        if (show) setQueue(q);
        if (resync) void subscribe();
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
