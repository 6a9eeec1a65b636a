// Socket.IO clients for tests: connect with a token, subscribe, and await events.
import { io as connect, type Socket } from 'socket.io-client';

export function client(base: string, token: string, extra: { origin?: string } = {}): Socket {
  return connect(base, {
    path: '/socket.io',
    auth: { token },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    extraHeaders: extra.origin ? { origin: extra.origin } : undefined,
  });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

export function connectError(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (err) => resolve(err.message));
  });
}

export function emitAck<T = Record<string, unknown>>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

/** Collects every `event` the socket receives, and lets a test await the n-th one. */
export function recorder<T = Record<string, unknown>>(socket: Socket, event: string) {
  const seen: T[] = [];
  const waiters: { n: number; resolve: (v: T[]) => void }[] = [];
  socket.on(event, (payload: T) => {
    seen.push(payload);
    for (const w of [...waiters]) {
      if (seen.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(seen.slice());
      }
    }
  });
  return {
    seen,
    /** Resolves once at least `n` events have arrived in all. */
    count(n: number): Promise<T[]> {
      if (seen.length >= n) return Promise.resolve(seen.slice());
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

/** A socket event's acknowledgement as the hub sends it. */
export type Ack = { ok: boolean; error?: { code: string; message: string } };

/** Opens clients and remembers them, so a test file disconnects every one it opened in afterAll. */
export function socketPool() {
  const opened: Socket[] = [];
  return {
    open(base: string, token: string): Socket {
      const socket = client(base, token);
      opened.push(socket);
      return socket;
    },
    closeAll(): void {
      for (const socket of opened) socket.disconnect();
    },
  };
}
