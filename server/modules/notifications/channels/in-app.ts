// In-app notifications: the `notification` event on the patient's own sockets. The worker has no
// HTTP server, so it uses a non-listening Socket.IO Server on the same Redis Streams adapter as
// the API nodes: what it emits is appended to the stream and every node delivers it locally.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { rooms } from '../../live/rooms.js';
import { renderInApp } from '../messages.js';
import { type ChannelAdapter, type Delivery, PermanentSendError } from './types.js';

export function inAppChannel(redisUrl: string, redisPrefix: string): ChannelAdapter {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // the worker's main connection reports Redis trouble
  const io = new Server({ adapter: createAdapter(redis, { streamName: `${redisPrefix}:socket.io` }) });
  return {
    async send({ facts, to }: Delivery) {
      if (!to.userId) throw new PermanentSendError('no portal account');
      io.to(rooms.user(to.userId)).emit('notification', renderInApp(facts));
      return null;
    },
    close: async () => {
      // io.close() would also stop an HTTP engine this Server never had: close the adapter only.
      await io.of('/').adapter.close();
      redis.disconnect();
    },
  };
}
