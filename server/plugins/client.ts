// Serves the built web client (dist/client, from `npm run build`) at /. The API (/api),
// the docs (/docs), Socket.IO and health checks keep their own routes. In development, before
// a build, the server runs without it.
//
// A browser that navigates to a path nobody serves (or to the queue dashboard without a session)
// gets the client's page with the real status (404, 401) instead of the contract's JSON error:
// the page shows "Not found" or leads to sign-in (client/src/main.tsx picks the view from the
// path). Only page navigations are answered so: GET, Accept: text/html, outside the API, the
// docs, Socket.IO and the health checks. Every other caller keeps the JSON error.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a browser's page navigation with the client's page and `status`; absent without a client build. */
    clientPage?: (reply: FastifyReply, status: number) => FastifyReply;
  }
}

/** The paths the web client answers (client/src/main.tsx). */
export const CLIENT_VIEWS = [
  '/login',
  '/display',
  '/doctor',
  '/reception',
  '/patient',
  '/pharmacy',
  '/nurse',
  '/feedback',
  '/admin/feedback',
  '/admin',
  '/admin/locations',
  '/admin/staff',
  '/admin/doctors',
  '/admin/appointment-types',
  '/admin/screens',
  '/admin/dashboard',
  '/admin/templates',
  '/admin/audit',
  '/admin/system-logs',
  '/doctor/ratings',
] as const;

/** Paths whose callers are programs, never a page: they always get the contract's JSON. */
const MACHINE_PREFIXES = ['/api', '/socket.io', '/health', '/docs'];

const CLIENT_DIR = fileURLToPath(new URL('../../../dist/client', import.meta.url));
const SOURCE_CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

/** Whether a request is a browser opening a page (a navigation), not an API call or a file fetch. */
export function isPageNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const path = request.url.split('?')[0] ?? '';
  if (MACHINE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * For hooks and handlers outside this plugin: answers a page navigation with the client's page
 * and `status`, and says whether it did (false for API calls, or without a client build).
 */
export function answerWithPage(request: FastifyRequest, reply: FastifyReply, status: number): boolean {
  const page = request.server.clientPage;
  if (!page || !isPageNavigation(request)) return false;
  page(reply, status);
  return true;
}

async function clientPlugin(app: FastifyInstance) {
  // From dist/server/plugins the build is three levels up; from server/plugins (tsx) two.
  const root = [CLIENT_DIR, SOURCE_CLIENT_DIR].find((dir) => existsSync(`${dir}/index.html`));
  if (!root) {
    app.log.info('no client build found (run npm run build); serving the API only');
    return;
  }
  // The page is a few hundred bytes naming the hashed scripts of this build: read once.
  const indexHtml = readFileSync(`${root}/index.html`, 'utf8');
  app.decorate('clientPage', (reply: FastifyReply, status: number) =>
    reply.status(status).type('text/html; charset=utf-8').send(indexHtml),
  );

  await app.register(async (files) => {
    // Its files are public and hold no patient data: they may be cached (plugins/security.ts).
    files.addHook('onRoute', (route) => {
      route.config = { ...route.config, publicAsset: true };
    });
    await files.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
    // One page for every view: the client picks the view from the path.
    for (const view of CLIENT_VIEWS) {
      files.get(view, { schema: { hide: true } }, (_request, reply) => reply.type('text/html').sendFile('index.html'));
    }
  });
}

export default fp(clientPlugin, { name: 'client' });
