// The Redis Streams adapter, configured once for every process that talks to sockets: the API
// nodes (which hold the sockets) and the worker (which emits in-app notifications and alerts
// through a Server that never listens). Both must use the same stream and key names, or the
// worker's emits would go to a stream no node reads.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { HubServer } from './types.js';

/** How long a dropped socket's session is kept for connection state recovery. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

export interface AdapterOptions {
  redisPrefix: string;
  /** Entries the stream keeps (recovery reaches back this far). */
  streamMaxLen?: number;
}

/** The adapter factory for `new Server(…, { adapter })`, on a Redis connection of its own. */
export function hubAdapter(redis: Redis, opts: AdapterOptions) {
  const prefix = opts.redisPrefix;
  return createAdapter(redis, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    maxLen: opts.streamMaxLen ?? 10_000,
    onlyPlaintext: true,
  });
}

/**
 * The adapter blocks on XREAD, so it gets a connection of its own. Its commands wait through a
 * Redis outage (maxRetriesPerRequest: null) instead of failing: the library does not catch every
 * failure, and an unhandled rejection would take the whole process down.
 */
export function adapterConnection(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // the process's main connection reports Redis trouble
  return redis;
}

/** A Server that never listens: emits go into the adapter's stream and every API node delivers them. */
export function emitterServer(redisUrl: string, opts: AdapterOptions): { io: HubServer; close(): Promise<void> } {
  const redis = adapterConnection(redisUrl);
  const io: HubServer = new Server({ adapter: hubAdapter(redis, opts) });
  return {
    io,
    close: async () => {
      // io.close() would also stop an HTTP engine this Server never had: close the adapter only.
      await io.of('/').adapter.close();
      redis.disconnect();
    },
  };
}
