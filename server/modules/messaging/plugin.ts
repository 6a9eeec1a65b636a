// Messaging's real-time side: the thread, send, typing and read-receipt socket handlers. Its
// periodic work (the unanswered-message alert) is a scheduled job in the worker
// (server/jobs/maintenance.ts), so it runs once per clinic, not once per API node.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerMessagingHandlers } from './socket.js';

async function messagingPlugin(app: FastifyInstance) {
  registerMessagingHandlers(app);
}

export default fp(messagingPlugin, { name: 'messaging', dependencies: ['socket', 'audit'] });
