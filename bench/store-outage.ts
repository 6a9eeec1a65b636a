// `npm run bench:outage`: how fast a server node answers while MySQL is down, against how fast it
// answers the same request while MySQL is up (the baseline of the same run), and how long after
// MySQL's return the node is ready again. A MariaDB of the bench's own (a temporary data directory
// on a spare port, tests/integration/faults/mariadb-instance.ts) is killed with SIGKILL and started
// again on the same data. Requests are sent one after another (the figure is the answer time of
// one request, not throughput). Prints p50/p99 of each phase and their ratio.
import { setTimeout as wait } from 'node:timers/promises';
import { migrateMysql } from '../db/migrate-mysql.js';
import { createMysql } from '../db/mysql.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { insertLogin } from '../server/modules/users/repository.js';
import { createMariaInstance } from '../tests/integration/faults/mariadb-instance.js';
import { benchStores, flag, printRows, quantile } from './kit.js';

const requests = flag('requests', 300);
const stores = await benchStores('outage');
const maria = await createMariaInstance();
try {
  await maria.start();
  const config = loadConfig({
    NODE_ENV: 'test',
    MYSQL_URL: maria.url(stores.name),
    MONGO_URL: stores.mongoUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: stores.name,
    JWT_SECRET: 'bench-outage-secret-bench-outage-secret',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_USER: '10000000',
    RATE_LIMIT_PER_IP: '10000000',
  });
  await migrateMysql(config.mysqlUrl);
  const mysql = createMysql(config.mysqlUrl);
  await insertLogin(mysql.db, {
    email: 'ops@bench.example',
    password: 'bench password 1',
    role: 'admin',
    firstName: 'Ops',
    lastName: 'Bench',
  });
  await mysql.close();
  const app = await buildApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ops@bench.example', password: 'bench password 1' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };

  /** `n` GETs one after another: their answer times (ms) and statuses. */
  const phase = async (n: number) => {
    const times: number[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/locations`, { headers: { authorization: `Bearer ${accessToken}` } });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    times.sort((a, b) => a - b);
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: Math.round(times.at(-1)! * 10) / 10, statuses };
  };
  const show = (name: string, r: Awaited<ReturnType<typeof phase>>) =>
    console.log(`${name}: p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, statuses ${JSON.stringify(Object.fromEntries(r.statuses))}`);

  await phase(50); // warm-up
  const up = await phase(requests);
  show('MySQL up (baseline)', up);
  await maria.kill();
  const down = await phase(requests);
  show('MySQL down', down);
  await maria.start();
  const back = performance.now();
  let readyMs = 0;
  for (;;) {
    const res = await fetch(`${base}/health/ready`);
    if (res.status === 200) {
      readyMs = Math.round(performance.now() - back);
      break;
    }
    await wait(50);
  }
  console.log(`ready again ${readyMs} ms after MariaDB said "ready for connections"`);
  console.log(`ratio down/up: p50 ${(down.p50 / up.p50).toFixed(2)}, p99 ${(down.p99 / up.p99).toFixed(2)}`);
  const non503 = requests - (down.statuses.get(503) ?? 0);
  printRows([
    {
      bench: 'outage',
      figure: 'answer while MySQL is down (503)',
      value: down.p50,
      unit: 'ms',
      p50: down.p50,
      p99: down.p99,
      baseline: { name: 'same GET while MySQL is up', value: up.p50 },
      note: non503 ? `${non503} answers were not 503` : undefined,
    },
    { bench: 'outage', figure: 'ready again after MySQL returns', value: readyMs, unit: 'ms' },
  ]);
  await app.close();
} finally {
  await maria.remove();
  await stores.cleanup();
}
