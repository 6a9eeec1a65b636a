// The patient's one Socket.IO connection, typed with the shared contract
// (server/modules/live/events.ts): queue, availability, notifications and the message events.
import { useEffect, useRef } from 'react';
import type { ErrorCode } from '../../../../server/errors';
import type {
  ClientToServerEvents,
  MessagingClientEvents,
  MessagingServerEvents,
  ServerToClientEvents,
} from '../../../../server/modules/live/events';
import { ApiError } from '../../lib/errors';
import { connectHub } from '../../lib/socket';

type Answer<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string } };
type Ack<T extends object = object> = (answer: Answer<T>) => void;

export type ServerEvents = ServerToClientEvents & MessagingServerEvents;
export type ClientEvents = ClientToServerEvents & MessagingClientEvents;

/** A socket with the same connection handling as connectHub(), typed with the message events too. */
export interface PatientSocket {
  readonly connected: boolean;
  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): unknown;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  off<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): unknown;
  off(event: 'connect' | 'disconnect', listener: () => void): unknown;
  emit(event: 'typing', payload: { threadId: string; isTyping: boolean }): unknown;
  disconnect(): unknown;
}

type AckOf<E extends keyof ClientEvents> = Parameters<ClientEvents[E]>[1];
type AnswerOf<E extends keyof ClientEvents> = AckOf<E> extends Ack<infer T> ? T : never;

export function connectPatientHub(): PatientSocket {
  return connectHub() as unknown as PatientSocket;
}

/** Emits with an acknowledgement; a refusal becomes an ApiError, a lost connection NETWORK. */
export async function ask<E extends Exclude<keyof ClientEvents, 'typing'>>(
  socket: PatientSocket,
  event: E,
  payload: Parameters<ClientEvents[E]>[0],
  timeoutMs = 8_000,
): Promise<AnswerOf<E>> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<Answer<AnswerOf<E> & object>> };
  };
  let answer: Answer<AnswerOf<E> & object>;
  try {
    answer = await raw.timeout(timeoutMs).emitWithAck(event, payload);
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (!answer.ok) throw new ApiError(answer.error.code, 0, answer.error.message);
  return answer;
}

/** Listens to a server event while the component is mounted; the newest handler is always used. */
export function useHubEvent<E extends keyof ServerEvents>(socket: PatientSocket | null, event: E, handler: ServerEvents[E]): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: unknown[]) => (latest.current as (...a: unknown[]) => void)(...args)) as ServerEvents[E];
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

/** Runs `onConnect` on every (re)connect, to subscribe again: a connection not recovered has lost its rooms. */
export function useReconnect(socket: PatientSocket | null, onConnect: () => void): void {
  const latest = useRef(onConnect);
  latest.current = onConnect;
  useEffect(() => {
    if (!socket) return;
    const listener = () => latest.current();
    socket.on('connect', listener);
    return () => {
      socket.off('connect', listener);
    };
  }, [socket]);
}

/** A clientMessageId: a UUID where the browser offers one (secure contexts), else 32 random hex digits. */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
