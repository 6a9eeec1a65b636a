// The console's one socket, typed with the shared contract (server/modules/live/events.ts),
// boards, queues and the message events alike.
import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  MessagingClientEvents,
  MessagingServerEvents,
  ServerToClientEvents,
} from '../../../../server/modules/live/events';
import { ApiError } from '../../lib/errors';
import { connectHub } from '../../lib/socket';

type Answer<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export type DoctorSocket = Socket<ServerToClientEvents & MessagingServerEvents, ClientToServerEvents & MessagingClientEvents>;

/** Unwraps an ack: the payload when ok, an ApiError (shown as a sentence) otherwise. */
export function unwrap<T extends object>(answer: Answer<T>): T {
  if (!answer.ok) throw new ApiError(answer.error.code, 0, answer.error.message);
  return answer;
}

export type Link = 'connecting' | 'live' | 'reconnecting';

/** Connects once the user is known; disconnects when the view goes away. Tracks the connection. */
export function useHub(enabled: boolean): { socket: DoctorSocket | null; link: Link } {
  const [socket, setSocket] = useState<DoctorSocket | null>(null);
  const [link, setLink] = useState<Link>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const s = connectHub() as unknown as DoctorSocket;
    const up = () => setLink('live');
    const down = () => setLink('reconnecting');
    s.on('connect', up);
    s.on('disconnect', down);
    setSocket(s);
    return () => {
      s.off('connect', up);
      s.off('disconnect', down);
      s.disconnect();
      setSocket(null);
    };
  }, [enabled]);
  return { socket, link };
}
