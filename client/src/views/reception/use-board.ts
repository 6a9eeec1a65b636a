// The live waiting-room board of a location: `board:subscribe` for a snapshot, then every
// `board:update`, keeping the highest seq; a gap in seq asks for a fresh snapshot.
import { useEffect, useRef, useState } from 'react';
import type { Board as BoardShape } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { onEveryConnect } from './use-hub';

export interface Board {
  board: BoardShape | null;
  error: unknown;
  live: boolean;
}

export function useBoard(socket: HubSocket | null, locationId: string | null): Board {
  const [board, setBoard] = useState<BoardShape | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  const seq = useRef(-1);

  useEffect(() => {
    setBoard(null);
    setError(null);
    seq.current = -1;
    if (!socket || !locationId) return;
    const take = (next: BoardShape) => {
      if (next.locationId !== locationId || next.seq < seq.current) return;
      seq.current = next.seq;
      setBoard(next);
    };
    const subscribe = () =>
      socket.timeout(10_000).emit('board:subscribe', { locationId }, (err, answer) => {
        if (err) return setLive(false);
        if (!answer.ok) {
          setLive(false);
          setError(
            answer.error.code === 'FORBIDDEN' ? 'You are not allowed to see this board.' : 'The live board is not available right now.',
          );
          return;
        }
        setLive(true);
        setError(null);
        take(answer.board);
      });
    const update = (next: BoardShape) => {
      if (next.locationId !== locationId) return;
      const gap = seq.current >= 0 && next.seq > seq.current + 1;
      take(next);
      if (gap) subscribe();
    };
    const down = () => setLive(false);
    socket.on('board:update', update);
    socket.on('disconnect', down);
    const stop = onEveryConnect(socket, subscribe);
    return () => {
      stop();
      socket.off('board:update', update);
      socket.off('disconnect', down);
      setLive(false);
    };
  }, [socket, locationId]);

  return { board, error, live };
}
