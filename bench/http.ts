// bench/http.ts: GET /api/me on the hub (JWT verified, response schema, security headers,
// request-id logging) against a bare Fastify hello-world started in the same run.
// Each server runs in its own process; autocannon drives it from this one.
// Usage: npm run bench:http [-- --seconds 10 --connections 50]
import autocannon from 'autocannon';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const seconds = flag('seconds', 10);
const connections = flag('connections', 50);
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('http');

async function measure(name: string, url: string, headers: Record<string, string> = {}) {
  process.stdout.write(`${name}: warming up…`);
  await autocannon({ url, connections, duration: 2, headers });
  process.stdout.write(` measuring ${seconds}s…`);
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const ok = result['2xx'];
  const line = {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: result.errors + result.non2xx,
  };
  console.log(` ${line.rps} req/s, p50 ${line.p50} ms, p99 ${line.p99} ms, ${line.errors} errors`);
  return line;
}

const hello = await start('bench/servers/hello.ts');
const bare = await measure('bare Fastify hello', `http://127.0.0.1:${hello.info.port}/`);
await stop(hello.child);

const hub = await start('bench/servers/hub.ts', stores.env());
const me = await measure('hub GET /api/me', `http://127.0.0.1:${hub.info.port}/api/me`, { authorization: `Bearer ${hub.info.token}` });
await stop(hub.child);

const ratio = me.rps / bare.rps;
console.log(`\nGET /api/me / bare hello = ${(ratio * 100).toFixed(1)}% (target ≥ 65%), ${connections} connections, ${seconds}s each`);
if (me.errors > 0) console.log(`warning: ${me.errors} failed requests on /api/me`);
printRows([
  {
    bench: 'http',
    figure: 'GET /api/me',
    value: me.rps,
    unit: 'req/s',
    baseline: { name: 'bare Fastify hello', value: bare.rps },
    p50: me.p50,
    p99: me.p99,
    ...(me.errors ? { note: `${me.errors} failed requests` } : {}),
  },
]);
await stores.cleanup();
