// The screen's live board over Socket.IO (docs/EVENTS.md): subscribe to the location's board,
// keep the highest `seq` only, subscribe again for a snapshot after a gap or an unrecovered
// reconnect, heartbeat every 30 s, reload on `display:reload`. A refused handshake is checked
// with GET /api/me before the screen gives up its token: only a 401 there means "revoked".
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Board, BoardCall } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { ask, connectHub, type Link, listen } from '../../lib/socket';

export type Call = BoardCall;

const HEARTBEAT_MS = 30_000;
const RETRY_MS = 5_000;

export function useBoard(
  token: string,
  locationId: string,
  on: { call: (call: Call) => void; revoked: () => void },
): { board: Board | null; link: Link } {
  const [board, setBoard] = useState<Board | null>(null);
  const [link, setLink] = useState<Link>('connecting');
  const handlers = useRef(on);
  handlers.current = on;

  useEffect(() => {
    let seq = -1;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const socket = connectHub(() => token);

    /** Takes a board if it is newer than the one shown; true when there was a gap before it. */
    const take = (next: Board): boolean => {
      if (next.locationId !== locationId || next.seq <= seq) return false;
      const gap = seq >= 0 && next.seq > seq + 1;
      seq = next.seq;
      setBoard(next);
      return gap;
    };

    /** Asks the hub over HTTP whether the token still stands: a 401 ends pairing, else try again. */
    const verify = (again: () => void) => {
      api('GET', '/api/me', undefined, { token })
        .then(() => {
          if (!stopped) retry = setTimeout(again, RETRY_MS);
        })
        .catch((e: unknown) => {
          if (stopped) return;
          if (e instanceof ApiError && e.status === 401) handlers.current.revoked();
          else retry = setTimeout(again, RETRY_MS);
        });
    };

    const subscribe = () => {
      clearTimeout(retry);
      ask(socket, 'board:subscribe', { locationId }, { timeoutMs: null }).then(
        (answer) => {
          if (stopped) return;
          take(answer.board);
          setLink('live');
        },
        (err: unknown) => {
          // A connection lost before the answer (NETWORK): the next connect subscribes again.
          if (stopped || !(err instanceof ApiError) || err.code === 'NETWORK') return;
          if (err.code === 'UNAUTHORIZED' || err.code === 'FORBIDDEN') verify(subscribe);
          else retry = setTimeout(subscribe, RETRY_MS);
        },
      );
    };

    const heartbeat = () => {
      if (socket.connected) ask(socket, 'display:heartbeat', {}).catch(() => undefined);
    };

    // The socket goes with this effect, so its listeners need no clean-up of their own.
    listen(socket, 'connect', () => {
      // A recovered connection got what it missed, in order; otherwise ask for a snapshot.
      if (socket.recovered) setLink('live');
      else subscribe();
      heartbeat();
    });
    listen(socket, 'disconnect', () => {
      if (!stopped) setLink('reconnecting');
    });
    listen(socket, 'connect_error', () => {
      if (stopped) return;
      setLink((l) => (l === 'connecting' ? l : 'reconnecting'));
      // Network trouble: Socket.IO retries by itself. A refused handshake ends its retries.
      if (!socket.active) verify(() => socket.connect());
    });
    listen(socket, 'board:update', (next) => {
      if (take(next)) subscribe();
    });
    listen(socket, 'board:call', (call) => handlers.current.call(call));
    listen(socket, 'display:reload', () => location.reload());
    const beat = setInterval(heartbeat, HEARTBEAT_MS);

    return () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(beat);
      socket.disconnect();
    };
  }, [token, locationId]);

  return { board, link };
}
