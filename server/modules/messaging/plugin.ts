// Messaging's real-time side: the thread, send, typing and read-receipt socket handlers. Its
// periodic work (the unanswered-message alert) is a scheduled job in the worker
// (server/jobs/maintenance.ts), so it runs once per clinic, not once per API node.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { messagingRuntime } from './runtime.js';
import { registerMessagingHandlers } from './socket.js';

async function messagingPlugin(app: FastifyInstance) {
  const runtime = messagingRuntime(app);
  // Other nodes' care-team changes drop the threads this node holds (thread-cache.ts).
  await runtime.listen();
  registerMessagingHandlers(app);
  // Registered after the audit and socket plugins, so this runs before theirs: the work after
  // acks (summaries, notifications, audit entries) is done before the audit writer's last flush.
  app.addHook('onClose', async () => {
    await runtime.close();
  });
}

export default fp(messagingPlugin, { name: 'messaging', dependencies: ['socket', 'audit'] });
