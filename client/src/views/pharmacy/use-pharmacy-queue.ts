// The live pharmacy queue of a location: a snapshot from `pharmacy:subscribe`, then every
// `pharmacy:update` (docs/EVENTS.md), as the doctor's queue does (doctor/use-queue.ts): subscribe
// again after a reconnect the server could not recover, drop a queue older than the one shown
// (`seq`), and ask for a new snapshot after a gap.
import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { ApiError } from '../../lib/errors';
import { type HubSocket, listen } from '../../lib/socket';
import type { PharmacyQueue } from './api-types';

type Answer = { ok: true; queue: PharmacyQueue } | { ok: false; error: { code: string; message: string } };

// TODO(merge): the `pharmacy:*` events are not in the Socket.IO contract on main yet, so lib/socket's
// typed ask() and listen() refuse their names; once server/modules/live/events.ts has them, use
// ask(socket, 'pharmacy:subscribe', …) and listen(socket, 'pharmacy:update', …) and drop this view.
const untyped = (socket: HubSocket): Socket => socket as unknown as Socket;

async function subscribeTo(socket: HubSocket, locationId: string): Promise<PharmacyQueue> {
  let answer: Answer;
  try {
    answer = await untyped(socket).timeout(10_000).emitWithAck('pharmacy:subscribe', { locationId });
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (!answer.ok) throw new ApiError(answer.error.code, 0, answer.error.message);
  return answer.queue;
}

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
      if (stopped || q.locationId !== locationId) return false;
      if (q.seq < seq) return false;
      seq = q.seq;
      setQueue(q);
      return true;
    };
    const subscribe = () =>
      subscribeTo(socket, locationId).then(
        (q) => {
          take(q);
          if (!stopped) setError(null);
        },
        (err: unknown) => !stopped && setError(err),
      );
    const onUpdate = (q: PharmacyQueue) => {
      const gap = seq >= 0 && q.seq > seq + 1;
      if (take(q) && gap) void subscribe();
    };
    const wire = untyped(socket);
    wire.on('pharmacy:update', onUpdate);
    const stopConnect = listen(socket, 'connect', () => {
      if (!socket.recovered) void subscribe();
    });
    if (socket.connected) void subscribe();
    return () => {
      stopped = true;
      wire.off('pharmacy:update', onUpdate);
      stopConnect();
    };
  }, [socket, locationId]);

  return { queue, error };
}
