// What the benches that run a hub in a process of their own share: starting and stopping that
// process, the bare Fastify hello of the same run (every figure is printed as a ratio to it), and
// how figures are written.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

/**
 * Starts `script` under tsx and waits for its first stdout line, a JSON object (its port, ids,
 * tokens). After that line the process's stdout is its log (warnings and errors): shown, not lost.
 */
export async function start(script: string, env: NodeJS.ProcessEnv = process.env, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  lines.on('line', (line) => process.stderr.write(`  ${script}: ${line.length > 800 ? `${line.slice(0, 800)}…` : line}\n`));
  return { child, info: JSON.parse(first) };
}

export async function stop(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
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
