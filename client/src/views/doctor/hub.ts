// The console's one socket. Messaging events are not in the shared contract types
// (server/modules/live/events.ts covers boards and queues), so they are typed here from
// docs/EVENTS.md ("Messages") and server/modules/messaging/socket.ts.
import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../server/modules/live/events';
import { ApiError } from '../../lib/errors';
import { connectHub } from '../../lib/socket';
import type { Message } from './types';

type Answer<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
type Ack<T extends object = object> = (answer: Answer<T>) => void;

interface MessagingClientEvents {
  'thread:join': (payload: { threadId: string; after?: string }, ack: Ack<{ messages: Message[] }>) => void;
  'message:send': (payload: { threadId: string; clientMessageId: string; body: string }, ack: Ack<{ message: Message }>) => void;
  typing: (payload: { threadId: string; isTyping: boolean }) => void;
  'message:read': (payload: { threadId: string; messageId: string }, ack: Ack) => void;
}

interface MessagingServerEvents {
  'message:new': (event: { threadId: string; message: Message }) => void;
  'message:edited': (event: { threadId: string; message: Message }) => void;
  'message:deleted': (event: { threadId: string; message: Message }) => void;
  typing: (event: { threadId: string; userId: string; isTyping: boolean }) => void;
  'message:read': (event: { threadId: string; userId: string; messageId: string }) => void;
}

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
