// Socket.IO to the hub with the typed contract the server uses (server/modules/live/events.ts).
// The token is read at every (re)connect, so a refreshed access token is picked up.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/modules/live/events';
import { refreshSession } from './api';
import { session } from './session';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket authenticated with the signed-in user's token (or a display token). */
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
  // The server ends a socket when its access token expires; Socket.IO does not reconnect by itself then.
  socket.on('disconnect', async (reason) => {
    if (reason === 'io server disconnect' && (token || (await refreshSession()))) socket.connect();
  });
  return socket;
}
