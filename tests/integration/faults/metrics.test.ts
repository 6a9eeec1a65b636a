// The operations metrics: Prometheus text on METRICS_PORT (a port of its own, never the API's),
// with request durations by route pattern, sockets by role, event-loop delay, outbox lag, BullMQ's
// queue series and store health; the worker process serves its own on its METRICS_PORT.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createLocation, display, staff } from '../../support/factories.js';
import { client, connected } from '../../support/sockets.js';
import { startServedHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: string;
let ops: string;

beforeAll(async () => {
  ({ hub, base } = await startServedHub({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', NODE_NAME: 'node-a' }));
  const server = hub.app.opsMetrics.server;
  if (!server) throw new Error('the operations port did not start');
  ops = `http://127.0.0.1:${server.address().port}`;
});
afterAll(() => hub?.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text; fails on a line that is neither a comment nor a sample, or a family described twice. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  const described = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) /.exec(line);
    if (meta) {
      const key = `${meta[1]} ${meta[2]}`;
      if (described.has(key)) throw new Error(`family described twice: ${key}`);
      described.add(key);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

async function scrape(at = ops): Promise<Sample[]> {
  const res = await fetch(`${at}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parse(await res.text());
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('server node metrics on METRICS_PORT', () => {
  it('a request adds to its route pattern’s histogram (the pattern, never the URL with its id)', async () => {
    const admin = await staff(hub, 'admin');
    const location = await createLocation(hub);
    const route = { route: '/api/locations/:id', method: 'GET', status_code: '200' };
    const before = find(await scrape(), 'hub_http_request_duration_seconds_count', route)[0]?.value ?? 0;
    const res = await fetch(`${base}/api/locations/${location.id}`, { headers: bearer(admin.token) });
    expect(res.status).toBe(200);
    const samples = await scrape();
    expect(find(samples, 'hub_http_request_duration_seconds_count', route)[0]?.value).toBe(before + 1);
    expect(find(samples, 'hub_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })[0]?.value).toBe(before + 1);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes(location.id)))).toBe(false);
    // Every series names its node and process.
    expect(find(samples, 'hub_http_request_duration_seconds_count', route)[0]?.labels).toMatchObject({ node: 'node-a', process: 'server' });
  });

  it('counts open sockets by role, and drops them when they close', async () => {
    const location = await createLocation(hub);
    const screen = await display(hub, location.id);
    const socket = client(base, screen.token);
    try {
      await connected(socket);
      expect(find(await scrape(), 'hub_socket_connections', { role: 'display' })[0]?.value).toBe(1);
    } finally {
      socket.close();
    }
    await expect.poll(async () => find(await scrape(), 'hub_socket_connections', { role: 'display' })[0]?.value).toBe(0);
    expect(find(await scrape(), 'hub_socket_connections', { role: 'patient' })[0]?.value).toBe(0);
  });

  it('has event-loop delay, outbox lag, BullMQ queue depths and failures, and store health', async () => {
    const samples = await scrape();
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_resident_memory_bytes']) {
      expect(find(samples, name), name).toHaveLength(1);
    }
    const lag = find(samples, 'hub_outbox_lag_seconds')[0]?.value;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(find(samples, 'hub_outbox_unpublished_events')[0]?.value).toBeGreaterThanOrEqual(0);
    for (const queue of ['notifications', 'notification-planner', 'maintenance']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(find(samples, 'bullmq_job_count', { queue, state }), `${queue} ${state}`).toHaveLength(1);
      }
      expect(find(samples, 'bullmq_job_failed_total', { queue }), queue).toHaveLength(1);
    }
    for (const store of ['mysql', 'mongo', 'redis']) expect(find(samples, 'hub_store_up', { store })[0]?.value, store).toBe(1);
  });

  it('serves /health/ready on the operations port too', async () => {
    const res = await fetch(`${ops}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { mysql: 'ok', mongo: 'ok', redis: 'ok' } });
    expect((await fetch(`${ops}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('the API port does not serve /metrics, signed in or not', async () => {
    const admin = await staff(hub, 'admin');
    for (const headers of [{}, bearer(admin.token)]) {
      const res = await fetch(`${base}/metrics`, { headers: { accept: 'text/plain', ...headers } });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('hub_http_request_duration_seconds');
    }
  });
});

describe('worker metrics on its METRICS_PORT', () => {
  let worker: ChildProcess | undefined;
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
  });

  it('the worker process serves its queues, store health and readiness', async () => {
    worker = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: { PATH: process.env.PATH, ...hub.env, LOG_LEVEL: 'info', METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', NODE_NAME: 'worker-a' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    createInterface({ input: worker.stderr! }).on('line', (line) => lines.push(line));
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: worker!.stdout! }).on('line', (line) => {
        lines.push(line);
        const m = /"port":(\d+).*operations port listening/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      worker!.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${lines.join('\n')}`)));
    });
    const at = `http://127.0.0.1:${port}`;
    const samples = await scrape(at);
    expect(find(samples, 'bullmq_job_count', { queue: 'notifications', state: 'waiting' })).toHaveLength(1);
    expect(find(samples, 'nodejs_eventloop_lag_seconds', { node: 'worker-a', process: 'worker' })).toHaveLength(1);
    await expect.poll(async () => find(await scrape(at), 'hub_store_up', { store: 'mysql' })[0]?.value).toBe(1);
    expect((await fetch(`${at}/health/ready`)).status).toBe(200);
  });
});
