// The live waiting-room board of a location: `board:subscribe` for a snapshot, then every
// `board:update`, kept in step by seq (lib/seq-keeper.ts: a gap or a reset counter asks for a snapshot).
import { useEffect, useState } from 'react';
import type { Board as BoardShape } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { SeqKeeper } from '../../lib/seq-keeper';
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

  useEffect(() => {
    setBoard(null);
    setError(null);
    if (!socket || !locationId) return;
    const seq = new SeqKeeper();
    const subscribe = () =>
      ask(socket, 'board:subscribe', { locationId }, { timeoutMs: 10_000 }).then(
        (answer) => {
          setLive(true);
          setError(null);
          if (answer.board.locationId === locationId && seq.snapshot(answer.board.seq)) setBoard(answer.board);
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
      const { show, resync } = seq.update(next.seq);
      if (show) setBoard(next);
      if (resync) subscribe();
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
