// Serves the built web client (dist/client, from `npm run build`) at /. The API (/api),
// the docs (/docs), Socket.IO and health checks keep their own routes. In development, before
// a build, the server runs without it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The paths the web client answers (client/src/main.tsx). */
export const CLIENT_VIEWS = ['/login', '/display', '/doctor', '/reception', '/patient'] as const;

const CLIENT_DIR = fileURLToPath(new URL('../../../dist/client', import.meta.url));
const SOURCE_CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

async function clientPlugin(app: FastifyInstance) {
  // From dist/server/plugins the build is three levels up; from server/plugins (tsx) two.
  const root = [CLIENT_DIR, SOURCE_CLIENT_DIR].find((dir) => existsSync(`${dir}/index.html`));
  if (!root) {
    app.log.info('no client build found (run npm run build); serving the API only');
    return;
  }
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
