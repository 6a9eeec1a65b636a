// The server's side of the Socket.IO contract: one typed Server and Socket for the API nodes and
// the worker alike, so an emit whose event name or payload is not in the contract
// (server/modules/live/events.ts) does not compile.
import type { BroadcastOperator, Server, Socket } from 'socket.io';
import type { Principal } from '../modules/auth/principal.js';
import type { ClientToServerEvents, MessagingClientEvents, MessagingServerEvents, ServerToClientEvents } from '../modules/live/events.js';

/** What clients may emit. */
export type HubClientEvents = ClientToServerEvents & MessagingClientEvents;
/** What the hub emits to clients. */
export type HubServerEvents = ServerToClientEvents & MessagingServerEvents;
/** Nodes talk to each other only through the adapter's own messages. */
export type HubInterServerEvents = Record<string, never>;

/** What the handshake leaves on every socket: who is connected. */
export interface SocketData {
  principal: Principal;
  /** The session (refresh-token family) of a person's access token; null for screens and older tokens. */
  family?: string | null;
}

export type HubServer = Server<HubClientEvents, HubServerEvents, HubInterServerEvents, SocketData>;
export type HubSocket = Socket<HubClientEvents, HubServerEvents, HubInterServerEvents, SocketData>;

/** Where emits go: the whole server or some rooms of it (`io.to(room)`). */
export type HubEmitter = Pick<HubServer, 'to' | 'in' | 'except'>;
export type HubBroadcast = BroadcastOperator<HubServerEvents, SocketData>;
