// The doctor's live queue: a snapshot from `queue:subscribe`, then every `queue:update`. The
// newest `seq` wins; a gap, or a reconnect the server could not recover, asks for a new snapshot.
import { useEffect, useState } from 'react';
import type { Queue } from '../../lib/contract';
import { type DoctorSocket, unwrap } from './hub';

export function useQueue(socket: DoctorSocket | null, doctorId: string) {
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
      socket.timeout(10_000).emit('queue:subscribe', { doctorId }, (timedOut, answer) => {
        try {
          if (timedOut) throw timedOut;
          take(unwrap(answer).queue);
          setError(null);
        } catch (err) {
          setError(err);
        }
      });
    const onUpdate = (q: Queue) => {
      const gap = seq >= 0 && q.seq > seq + 1;
      if (take(q) && gap) subscribe();
    };
    const onConnect = () => {
      if (!socket.recovered) subscribe();
    };
    socket.on('queue:update', onUpdate);
    socket.on('connect', onConnect);
    if (socket.connected) subscribe();
    return () => {
      socket.off('queue:update', onUpdate);
      socket.off('connect', onConnect);
    };
  }, [socket, doctorId]);
  return { queue, error };
}
