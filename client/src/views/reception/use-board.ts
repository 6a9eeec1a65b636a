// The live waiting-room board of a location: `board:subscribe` for a snapshot, then every
// `board:update`, keeping the highest seq; a gap in seq asks for a fresh snapshot.
import { useEffect, useRef, useState } from 'react';
import type { Board as BoardShape } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { ask, type HubSocket, listen, onEveryConnect } from '../../lib/socket';

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
      ask(socket, 'board:subscribe', { locationId }, { timeoutMs: 10_000 }).then(
        (answer) => {
          setLive(true);
          setError(null);
          take(answer.board);
        },
        (err: unknown) => {
          setLive(false);
          // No answer (NETWORK) is told by "Not live"; a refusal in words.
          if (err instanceof ApiError && err.code !== 'NETWORK')
            setError(err.code === 'FORBIDDEN' ? 'You are not allowed to see this board.' : 'The live board is not available right now.');
        },
      );
    const update = (next: BoardShape) => {
      if (next.locationId !== locationId) return;
      const gap = seq.current >= 0 && next.seq > seq.current + 1;
      take(next);
      if (gap) subscribe();
    };
    const stops = [
      listen(socket, 'board:update', update),
      listen(socket, 'disconnect', () => setLive(false)),
      onEveryConnect(socket, subscribe),
    ];
    return () => {
      for (const stop of stops) stop();
      setLive(false);
    };
  }, [socket, locationId]);

  return { board, error, live };
}
