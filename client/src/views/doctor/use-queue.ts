// The doctor's live queue: a snapshot from `queue:subscribe`, then every `queue:update`, kept in
// step by seq (lib/seq-keeper.ts); a gap, a reset counter, or a reconnect the server could not
// recover asks for a new snapshot.
import { useEffect, useState } from 'react';
import type { Queue } from '../../lib/contract';
import { SeqKeeper } from '../../lib/seq-keeper';
import { ask, type HubSocket, listen } from '../../lib/socket';

export function useQueue(socket: HubSocket | null, doctorId: string) {
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!socket) return;
    const seq = new SeqKeeper();
    const subscribe = () =>
      ask(socket, 'queue:subscribe', { doctorId }, { timeoutMs: 10_000 }).then((answer) => {
        if (answer.queue.doctorId === doctorId && seq.snapshot(answer.queue.seq)) setQueue(answer.queue);
        setError(null);
      }, setError);
    const onUpdate = (q: Queue) => {
      if (q.doctorId !== doctorId) return;
      const { show, resync } = seq.update(q.seq);
      if (show) setQueue(q);
      if (resync) subscribe();
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
