// Messaging's state on one node, one per app, shared by its REST routes and socket handlers: the
// service, the threads held in memory (thread-cache.ts), the batched thread summaries
// (summaries.ts), presence (presence.ts), the batched notices (notices.ts), and the work that runs after a socket's ack (inbox
// notifications, summaries, audit), which close() waits for so a graceful stop loses none of it.
import type { FastifyInstance } from 'fastify';
import { haveCareRelationship } from '../scheduling/care-team.js';
import { MessageNotices } from './notices.js';
import { Presence } from './presence.js';
import { MessagingService } from './service.js';
import { messagingStore } from './store.js';
import { ThreadSummaries } from './summaries.js';
import { listenForThreadChanges, ThreadCache, threadChanged } from './thread-cache.js';

export interface MessagingRuntime {
  store: ReturnType<typeof messagingStore>;
  service: MessagingService;
  threads: ThreadCache;
  summaries: ThreadSummaries;
  presence: Presence;
  /** The batched "new message" notices of socket sends. */
  notices: MessageNotices;
  /** Runs `work` after the ack; errors are logged, and close() waits for it. */
  after(work: () => Promise<unknown>): void;
  /** Tells every node a thread's participants changed. */
  changed(threadId: string): Promise<void>;
  /** Starts listening for other nodes' thread changes (the plugin, once). */
  listen(): Promise<void>;
  close(): Promise<void>;
}

const runtimes = new WeakMap<object, MessagingRuntime>();

/** The app's messaging runtime (made on first use: the routes are registered before the plugin). */
export function messagingRuntime(app: FastifyInstance): MessagingRuntime {
  const key = app.mongo.db;
  const existing = runtimes.get(key);
  if (existing) return existing;
  const store = messagingStore(app.mongo.db);
  const summaries = new ThreadSummaries(store);
  const service = new MessagingService(app.db, store, app.config, summaries);
  const threads = new ThreadCache(store, (t) =>
    haveCareRelationship(app.db, t.patientId, t.doctorId, { days: app.config.careRelationshipDays }),
  );
  const presence = new Presence(app.redis, app.config.redisPrefix);
  const notices = new MessageNotices(app.io, app.mongo.db, presence);
  const inFlight = new Set<Promise<unknown>>();
  let stopListening: (() => Promise<void>) | null = null;
  const runtime: MessagingRuntime = {
    store,
    service,
    threads,
    summaries,
    presence,
    notices,
    after(work) {
      const running = work()
        .catch((err) => app.log.error({ err }, 'messaging: work after the ack failed'))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },
    changed: (threadId) => threadChanged(app.redis, app.config.redisPrefix, threads, threadId),
    async listen() {
      stopListening ??= await listenForThreadChanges(app.redis, app.config.redisPrefix, threads);
    },
    async close() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await summaries.settled().catch(() => undefined);
      await notices.settled().catch(() => undefined);
      await presence.close().catch(() => undefined);
      await stopListening?.();
    },
  };
  runtimes.set(key, runtime);
  return runtime;
}
