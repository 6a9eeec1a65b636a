// The screen's live board over Socket.IO (docs/EVENTS.md): subscribe to the location's board,
// keep it in step by seq (lib/seq-keeper.ts: a snapshot again after a gap, a reset counter or an
// unrecovered reconnect), heartbeat every 30 s, reload on `display:reload`. A refused handshake is checked
// with GET /api/me before the screen gives up its token: only a 401 there means "revoked".
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Board, BoardCall } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { SeqKeeper } from '../../lib/seq-keeper';
import { ask, connectHub, type Link, listen } from '../../lib/socket';

export type Call = BoardCall;

const HEARTBEAT_MS = 30_000;
const RETRY_MS = 5_000;
/** A call older than this when it reaches the screen (replayed after a reconnect) is shown, not spoken. */
export const SPEAK_WITHIN_MS = 30_000;

/** Whether a call is too old to announce, by the hub's clock as the screen last learnt it. */
export function tooOldToSpeak(call: Call, hubOffsetMs: number, now = Date.now()): boolean {
  const calledAt = Date.parse(call.calledAt);
  return Number.isFinite(calledAt) && now + hubOffsetMs - calledAt > SPEAK_WITHIN_MS;
}

export function useBoard(
  token: string,
  locationId: string,
  on: { call: (call: Call) => void; revoked: () => void },
): { board: Board | null; link: Link; hubOffsetMs: () => number } {
  const [board, setBoard] = useState<Board | null>(null);
  const [link, setLink] = useState<Link>('connecting');
  const handlers = useRef(on);
  /** The hub's clock minus the screen's, from the last heartbeat's answer (0 until then). */
  const hubOffset = useRef(0);
  handlers.current = on;

  useEffect(() => {
    const seq = new SeqKeeper();
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const socket = connectHub(() => token);

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
          if (answer.board.locationId === locationId && seq.snapshot(answer.board.seq)) setBoard(answer.board);
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
      if (!socket.connected) return;
      const sent = Date.now();
      ask(socket, 'display:heartbeat', {}).then(
        (answer) => {
          // The hub read its clock about halfway through the round trip.
          const hubNow = Date.parse(answer.now);
          if (Number.isFinite(hubNow)) hubOffset.current = hubNow - (sent + Date.now()) / 2;
        },
        () => undefined,
      );
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
      if (next.locationId !== locationId) return;
      const { show, resync } = seq.update(next.seq);
      if (show) setBoard(next);
      if (resync) subscribe();
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

  return { board, link, hubOffsetMs: () => hubOffset.current };
}
