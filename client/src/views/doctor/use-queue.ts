// The doctor's live queue: a snapshot from `queue:subscribe`, then every `queue:update`. The
// newest `seq` wins; a gap, or a reconnect the server could not recover, asks for a new snapshot.
import { useEffect, useState } from 'react';
import type { Queue } from '../../lib/contract';
import { ask, type HubSocket, listen } from '../../lib/socket';

export function useQueue(socket: HubSocket | null, doctorId: string) {
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!socket) return;
    let seq = -1;
    const take = (q: Queue) => {
      if (q.doctorId !== doctorId || q.seq < seq) return false;
      seq = q.seq;
      setQueue(q);
      return true;
    };
    const subscribe = () =>
      ask(socket, 'queue:subscribe', { doctorId }, { timeoutMs: 10_000 }).then((answer) => {
        take(answer.queue);
        setError(null);
      }, setError);
    const onUpdate = (q: Queue) => {
      const gap = seq >= 0 && q.seq > seq + 1;
      if (take(q) && gap) subscribe();
    };
    const onConnect = () => {
      if (!socket.recovered) subscribe();
    };
    const stops = [listen(socket, 'queue:update', onUpdate), listen(socket, 'connect', onConnect)];
    if (socket.connected) subscribe();
    return () => {
      for (const stop of stops) stop();
    };
  }, [socket, doctorId]);
  return { queue, error };
}
