// Socket.IO to the hub, typed with the contract the server uses (lib/contract.ts, from
// server/modules/live/events.ts), and the one way views talk over it:
//   useHub()                        the view's socket: made once, gone with the view; the link's state
//   connectHub(token?)              a socket by itself (the screen, which watches its own link)
//   ask(socket, event, payload)     emit with an acknowledgement: a promise of the hub's answer
//   tell(socket, event, payload)    emit without one (typing)
//   listen(socket, event, handler)  subscribe; returns the clean-up
//   useHubEvent(socket, event, handler)  subscribed while mounted, always with the newest handler
//   onEveryConnect(socket, fn)      now if connected, and after every reconnect
//   useFrameHub()                   for the frame around a view (the inbox bell): the view's socket, or one of its own
// Payloads are typed by event name at every call; views need no casts.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { io, type Socket, type SocketReservedEvents } from 'socket.io-client';
import { refreshSession } from './api';
import type { ClientEvents, ServerEvents } from './contract';
import { ApiError } from './errors';
import { session } from './session';

export type HubSocket = Socket<ServerEvents, ClientEvents>;

/** What a view can listen to: the hub's events, and the socket's own (connect, disconnect, connect_error). */
export type HubEvents = ServerEvents & SocketReservedEvents;
export type HubEvent = keyof HubEvents;
/** The payload of an event from the hub (`undefined` for connect). */
export type EventPayload<E extends HubEvent> = Parameters<HubEvents[E]>[0];

/** Events the hub answers with an acknowledgement, and those it does not. */
export type AskEvent = {
  [E in keyof ClientEvents]: Parameters<ClientEvents[E]> extends [unknown, unknown] ? E : never;
}[keyof ClientEvents];
export type TellEvent = Exclude<keyof ClientEvents, AskEvent>;
export type AskPayload<E extends keyof ClientEvents> = Parameters<ClientEvents[E]>[0];
type Reply<E extends AskEvent> = Parameters<Parameters<ClientEvents[E]>[1]>[0];
/** The hub's answer to `event` when it agrees (the acknowledgement with ok: true). */
export type Answer<E extends AskEvent> = Extract<Reply<E>, { ok: true }>;
type Refusal = { ok: false; error: { code: string; message: string } };

export type Link = 'connecting' | 'live' | 'reconnecting';

/**
 * A socket authenticated with the signed-in user's token, or with `token()` (a display token).
 * The token is read at every (re)connect, so a refreshed access token is picked up.
 */
export function connectHub(token?: () => string | null): HubSocket {
  const socket: HubSocket = io({
    path: '/socket.io',
    transports: ['websocket'],
    auth: (cb) => cb({ token: (token ? token() : session.token) ?? '' }),
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  // An expired access token is refused at the handshake: refresh, then let it reconnect.
  socket.on('connect_error', async (err) => {
    if (!token && err.message === 'unauthorized' && (await refreshSession())) socket.connect();
  });
  // A socket cut off for sending too many events is refused for a few seconds: try again then.
  socket.on('connect_error', (err: Error & { data?: { retryAfterSeconds?: number } }) => {
    if (err.message === 'rate limited') setTimeout(() => socket.connect(), (err.data?.retryAfterSeconds ?? 10) * 1_000);
  });
  // The server ends a socket when its access token expires; Socket.IO does not reconnect by itself then.
  socket.on('disconnect', async (reason) => {
    if (reason === 'io server disconnect' && (token || (await refreshSession()))) socket.connect();
  });
  return socket;
}

// Socket.IO's own types cannot follow an event name that is itself a type parameter (their
// conditional types stay unresolved), so the helpers below reach the same socket through
// Socket.IO's untyped view of it. Their signatures are what callers are checked against.
const untyped = (socket: HubSocket): Socket => socket;

export interface AskOptions {
  /** How long to wait for the answer; null waits as long as the connection lasts. */
  timeoutMs?: number | null;
}

/**
 * Emits `event` and resolves with the hub's answer. A refusal ({ ok: false }) rejects with an
 * ApiError carrying the hub's code; no answer in time, or a connection lost before one came,
 * rejects with ApiError NETWORK.
 */
export async function ask<E extends AskEvent>(
  socket: HubSocket,
  event: E,
  payload: AskPayload<E>,
  { timeoutMs = 8_000 }: AskOptions = {},
): Promise<Answer<E>> {
  const wire = untyped(socket);
  let answer: Answer<E> | Refusal;
  try {
    answer = await (timeoutMs === null ? wire : wire.timeout(timeoutMs)).emitWithAck(event, payload);
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (answer.ok === false) throw new ApiError(answer.error.code, 0, answer.error.message);
  return answer;
}

/** Emits an event the hub does not answer. */
export function tell<E extends TellEvent>(socket: HubSocket, event: E, payload: AskPayload<E>): void {
  untyped(socket).emit(event, payload);
}

/** Subscribes `handler` to an event; returns the clean-up. */
export function listen<E extends HubEvent>(socket: HubSocket, event: E, handler: (payload: EventPayload<E>) => void): () => void {
  const wire = untyped(socket);
  wire.on<string>(event, handler);
  return () => {
    wire.off<string>(event, handler);
  };
}

/**
 * Runs `fn` now if the socket is connected and again on every (re)connect: a connection that
 * was not recovered has left its rooms, so subscriptions are made again. Returns the clean-up.
 */
export function onEveryConnect(socket: HubSocket, fn: () => void): () => void {
  if (socket.connected) fn();
  return listen(socket, 'connect', fn);
}

/** Listens while the component is mounted and `socket` is there; the newest `handler` is always the one called. */
export function useHubEvent<E extends HubEvent>(socket: HubSocket | null, event: E, handler: (payload: EventPayload<E>) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    return listen(socket, event, (payload: EventPayload<E>) => latest.current(payload));
  }, [socket, event]);
}

/** The socket of the view on screen (useHub's), so the frame around it shares it instead of opening a second one. */
const viewHub = (() => {
  let current: HubSocket | null = null;
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of listeners) listener();
  };
  return {
    get: () => current,
    set(socket: HubSocket) {
      current = socket;
      tell();
    },
    clear(socket: HubSocket) {
      if (current !== socket) return;
      current = null;
      tell();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
})();

/**
 * The view's one socket, made when `enabled` and disconnected when the view goes away, with
 * the state of its link. `attach` runs as the socket is made, before anything can arrive on it
 * (an effect after the next render could miss what the hub sends right at connect); it returns
 * its clean-up.
 */
export function useHub({ enabled = true, attach }: { enabled?: boolean; attach?: (socket: HubSocket) => () => void } = {}): {
  socket: HubSocket | null;
  link: Link;
} {
  const [socket, setSocket] = useState<HubSocket | null>(null);
  const [link, setLink] = useState<Link>('connecting');
  const attachRef = useRef(attach);
  attachRef.current = attach;
  useEffect(() => {
    if (!enabled) return;
    const s = connectHub();
    const stops = [
      attachRef.current?.(s) ?? (() => undefined),
      listen(s, 'connect', () => setLink('live')),
      listen(s, 'disconnect', () => setLink('reconnecting')),
    ];
    setSocket(s);
    viewHub.set(s);
    return () => {
      for (const stop of stops) stop();
      viewHub.clear(s);
      s.disconnect();
      setSocket(null);
      setLink('connecting');
    };
  }, [enabled]);
  return { socket, link };
}

/**
 * A socket for the frame around a view (the header's inbox bell): the view's own when it has one
 * (useHub), else one of the frame's. The frame's effects run before those of the view inside it,
 * so it decides after them (a microtask), and gives its own up when a view's socket comes later.
 */
export function useFrameHub(): HubSocket | null {
  const view = useSyncExternalStore(viewHub.subscribe, viewHub.get);
  const [own, setOwn] = useState<HubSocket | null>(null);
  useEffect(() => {
    if (view) return;
    let made: HubSocket | null = null;
    let gone = false;
    queueMicrotask(() => {
      if (gone || viewHub.get()) return;
      made = connectHub();
      setOwn(made);
    });
    return () => {
      gone = true;
      made?.disconnect();
      if (made) setOwn(null);
    };
  }, [view]);
  return view ?? own;
}
