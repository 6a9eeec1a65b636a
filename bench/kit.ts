// What the benches share: one run's stores (a scratch MySQL database and Redis prefix of one unique
// name, a MongoDB) and their removal however the run ends; starting and stopping a hub process; the
// bare Fastify hello of the same run (figures are printed as a ratio to it); how figures are written,
// and the JSON line `npm run bench` (bench/all.ts) reads.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';

/** The hub processes this bench started and has not stopped yet: a failed run stops them too. */
const running = new Set<ChildProcess>();

/**
 * Starts `script` under tsx and waits for its first stdout line, a JSON object (its port, ids,
 * tokens). After that line the process's stdout is its log (warnings and errors): shown, not lost,
 * and kept in `lines` for a bench that reads what a hub prints when it stops.
 */
export async function start(script: string, env: NodeJS.ProcessEnv = process.env, nodeArgs: string[] = [], scriptArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...scriptArgs], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const later: string[] = [];
  lines.on('line', (line) => {
    later.push(line);
    process.stderr.write(`  ${script}: ${line.length > 800 ? `${line.slice(0, 800)}…` : line}\n`);
  });
  return { child, info: JSON.parse(first), lines: later };
}

/** SIGTERM (the hub drops what it made), SIGKILL after 15 s; at once if the process has already gone. */
export async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The q-quantile of ascending `sorted` (nearest rank), in ms with one decimal. */
export const quantile = (sorted: number[], q: number) => Math.round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! * 10) / 10;
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const pct = (n: number) => `${(n * 100).toFixed(2)}%`;

/** The bare Fastify hello (bench/servers/hello.ts) at `connections`: 2 s warm-up, then `seconds` measured. */
export async function helloBaseline(connections: number, seconds: number) {
  process.stdout.write('bare Fastify hello: warming up…');
  const hello = await start('bench/servers/hello.ts');
  const url = `http://127.0.0.1:${hello.info.port}/`;
  await autocannon({ url, connections, duration: 2 });
  process.stdout.write(` measuring ${seconds}s…`);
  const bare = await autocannon({ url, connections, duration: seconds });
  await stop(hello.child);
  console.log(
    ` ${fmt(bare.requests.average)} req/s, p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms, ${bare.errors + bare.non2xx} errors`,
  );
  return bare;
}

/** One run's stores; `cleanup` removes everything the run made (see benchStores). */
export interface BenchStores {
  /** The scratch MySQL database and the hubs' REDIS_PREFIX: unique to this run. */
  name: string;
  /** MONGO_URL for the hubs: database `name` on MONGO_URL's server, else on the test double. */
  mongoUrl: string;
  /** Whether MongoDB is the test double (an in-memory scan: figures that read Mongo say little). */
  double: boolean;
  /** The environment of a hub process of this run: BENCH_DB (its database and prefix) and MONGO_URL. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Stops the run's processes, drops its databases, deletes its Redis keys; runs once. */
  cleanup(): Promise<void>;
}

/**
 * The stores of one run of bench `kind`. Every hub the bench starts must use `name` as its database
 * and Redis prefix (bench/servers/scratch.ts: benchDatabase, scratchConfig) and `mongoUrl` for audit
 * and messages: without a MongoDB every audited request would wait 5 s for one. Clean-up runs at
 * the end (call it in a finally), on Ctrl-C, and when the bench fails: it stops the hubs still
 * running, drops the MySQL (and a real MongoDB's) database, and deletes every Redis key starting
 * with `name` (BullMQ, Socket.IO's stream and sessions, rate limits, login limits).
 */
export async function benchStores(kind: string): Promise<BenchStores> {
  const name = `clinic_bench_${kind}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const double = process.env.MONGO_URL ? null : await startDoubleProcess();
  const mongo = new URL(process.env.MONGO_URL ?? double!.url);
  mongo.pathname = `/${name}`;
  const mongoUrl = mongo.toString();
  let done: Promise<void> | null = null;
  const cleanup = () => {
    done ??= removeStores(name, mongoUrl, double);
    return done;
  };
  // Ctrl-C, or a `timeout` around the bench (SIGTERM): the run's stores go too.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => {
      console.log(`\n${signal}: cleaning up…`);
      cleanup().finally(() => process.exit(code));
    });
  // A rejected top-level await arrives here too: the run's stores go before the process does.
  process.once('uncaughtException', (err) => {
    console.error(err);
    cleanup().finally(() => process.exit(1));
  });
  return {
    name,
    mongoUrl,
    double: double !== null,
    env: (extra = {}) => ({ ...process.env, BENCH_DB: name, MONGO_URL: mongoUrl, ...extra }),
    cleanup,
  };
}

/**
 * The MongoDB test double in a process of its own (tests/support/mongo-double/cli.ts), as a real
 * MongoDB would be: in the bench's process it would share one event loop with the load generator.
 */
export async function startDoubleProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/mongo-double/cli.ts'], {
    env: { ...process.env, MONGO_DOUBLE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    // Never a silent wait: a double that has not said where it listens in 30 s fails the run.
    const late = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the MongoDB test double did not start within 30 s'));
    }, 30_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(late);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the MongoDB test double exited with ${code}`)));
  });
  const address = /mongodb:\/\/[^\s]+/.exec(first)?.[0];
  if (!address) throw new Error(`the MongoDB test double said: ${first}`);
  return { url: `${address}/?directConnection=true`, close: () => stop(child) };
}

async function removeStores(name: string, mongoUrl: string, double: { close(): Promise<void> } | null): Promise<void> {
  // The hubs first: they may still write to the stores below while they close.
  await Promise.all([...running].map((child) => stop(child)));
  // Where every bench hub's database lives (bench/servers/scratch.ts).
  const server = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await server.end();
  const removed = await deleteRedisKeys(name);
  if (double) await double.close();
  else {
    const client = new MongoClient(mongoUrl);
    await client.db().dropDatabase();
    await client.close();
  }
  console.log(`cleanup: dropped database ${name}, deleted ${removed} Redis keys starting with it`);
}

/** Deletes every key that starts with `prefix` (not only `prefix:`: some keys follow it directly). */
export async function deleteRedisKeys(prefix: string, redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<number> {
  const redis = new Redis(redisUrl);
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return removed;
}

// --- what `npm run bench` reads ---------------------------------------------------------------------

/** One row of `npm run bench`'s table: a figure, the same run's baseline for it, and percentiles (ms). */
export interface BenchRow {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  p50?: number;
  p99?: number;
  /** Anything that makes the figure wrong (errors, lost messages, unexpected statuses). */
  note?: string;
}

/** The line bench/all.ts looks for on a bench's stdout. */
export const ROWS_MARK = 'bench-rows ';

/** With `--json`, prints the bench's rows as one line for bench/all.ts; without, nothing. */
export function printRows(rows: BenchRow[]): void {
  if (process.argv.includes('--json')) console.log(`${ROWS_MARK}${JSON.stringify(rows)}`);
}

/** `--name N` from the command line, else `fallback`. */
export function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
