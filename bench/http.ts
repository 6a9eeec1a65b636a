// bench/http.ts: GET /api/me on the hub (JWT verified, response schema, security headers,
// request-id logging) against a bare Fastify hello-world started in the same run.
// Each server runs in its own process; autocannon drives it from this one.
// The two are measured in turns (hello, hub, hello, hub, …; --rounds, 3 by default), and the ratio
// is taken per round: this machine's speed drifts by a third from minute to minute (other tenants
// of the host), and a hello measured a minute before the hub said more about that than the hub.
// Usage: npm run bench:http [-- --seconds 5 --rounds 3 --connections 50 --profile]
import autocannon from 'autocannon';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const seconds = flag('seconds', 5);
const rounds = Math.max(1, flag('rounds', 3));
const connections = flag('connections', 50);
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('http');

async function measure(name: string, url: string, headers: Record<string, string> = {}) {
  process.stdout.write(`${name}: measuring ${seconds}s…`);
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const line = {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
  console.log(` ${line.rps} req/s, p50 ${line.p50} ms, p99 ${line.p99} ms, ${line.errors} errors`);
  return line;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const hello = await start('bench/servers/hello.ts');
// --profile: the hub writes a V8 CPU profile to /tmp/http-hub-profile when it stops.
const profile = process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/http-hub-profile'] : [];
const hub = await start('bench/servers/hub.ts', stores.env(), profile);
const helloUrl = `http://127.0.0.1:${hello.info.port}/`;
const meUrl = `http://127.0.0.1:${hub.info.port}/api/me`;
const auth = { authorization: `Bearer ${hub.info.token}` };

process.stdout.write('warming up both (2 s each)…\n');
await autocannon({ url: helloUrl, connections, duration: 2 });
await autocannon({ url: meUrl, connections, duration: 2, headers: auth });

const runs: { bare: Awaited<ReturnType<typeof measure>>; me: Awaited<ReturnType<typeof measure>> }[] = [];
for (let round = 1; round <= rounds; round++) {
  console.log(`round ${round} of ${rounds}`);
  const bare = await measure('  bare Fastify hello', helloUrl);
  const me = await measure('  hub GET /api/me', meUrl, auth);
  console.log(`  ratio ${((me.rps / bare.rps) * 100).toFixed(1)}%`);
  runs.push({ bare, me });
}
await stop(hub.child);
await stop(hello.child);

const ratios = runs.map((r) => r.me.rps / r.bare.rps).sort((a, b) => a - b);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(
  `\nGET /api/me / bare hello per round: min ${pct(ratios[0]!)}, median ${pct(median(ratios))}, max ${pct(ratios.at(-1)!)} (target ≥ 65%), ${connections} connections, ${rounds} rounds of ${seconds}s each`,
);
const errors = runs.reduce((sum, r) => sum + r.me.errors, 0);
if (errors > 0) console.log(`warning: ${errors} failed requests on /api/me`);
// The row: the median round's figures, so value ÷ baseline is the median ratio.
const mid = runs.find((r) => r.me.rps / r.bare.rps === median(ratios))!;
printRows([
  {
    bench: 'http',
    figure: `GET /api/me (median of ${rounds} rounds)`,
    value: mid.me.rps,
    unit: 'req/s',
    baseline: { name: 'bare Fastify hello', value: mid.bare.rps },
    p50: mid.me.p50,
    p99: median(runs.map((r) => r.me.p99)),
    ...(errors ? { note: `${errors} failed requests` } : {}),
  },
]);
await stores.cleanup();
