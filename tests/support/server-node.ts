// Real server nodes as child processes (`server/main.ts`, as `npm start` runs it) for tests that
// kill one: several nodes on the same stores (an isolatedEnv: MySQL database, Redis prefix, Mongo),
// each on a port the OS picks. A pool remembers what it started, so a test's afterAll SIGKILLs
// every node still running, even when the test failed half-way.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export interface ServerNode {
  /** http://127.0.0.1:<port> */
  base: string;
  child: ChildProcess;
  /** The node's last log lines (stdout and stderr), for a failure message. */
  log: string[];
  /** kill -9: no close hooks, no goodbye to sockets or stores; resolves once the process has gone. */
  kill(): Promise<void>;
}

const KEPT_LINES = 200;

/**
 * Starts `server/main.ts` with `env` (the stores) on 127.0.0.1 and a free port, and resolves once
 * it listens. Every node of one test must share JWT_SECRET (tokens made by one are checked by the
 * other) and the stores; LOG_LEVEL info is forced because the listening line is how we learn the port.
 */
export async function startServerNode(env: Record<string, string>, startTimeoutMs = 120_000): Promise<ServerNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const keep = (line: string) => {
    log.push(line);
    if (log.length > KEPT_LINES) log.shift();
  };
  createInterface({ input: child.stderr! }).on('line', (line) => keep(`stderr: ${line}`));
  const stdout = createInterface({ input: child.stdout! });
  stdout.on('line', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const base = await new Promise<string>((resolve, reject) => {
    const late = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server node did not listen within ${startTimeoutMs} ms:\n${log.join('\n')}`));
    }, startTimeoutMs);
    stdout.on('line', (line) => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (!m) return;
      clearTimeout(late);
      resolve(m[1]!);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(late);
      reject(new Error(`server node exited (${code ?? signal}) before listening:\n${log.join('\n')}`));
    });
  });
  return {
    base,
    child,
    log,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Nodes started through it are all killed by `killAll()` (call it in afterAll or a finally). */
export function serverNodePool() {
  const started: ServerNode[] = [];
  return {
    async start(env: Record<string, string>): Promise<ServerNode> {
      const node = await startServerNode(env);
      started.push(node);
      return node;
    },
    /**
     * Starts a node and waits until it is ready; a node not ready in `readyMs` is killed and started
     * again, as an orchestrator would. (A node whose first MongoDB connection timed out, which a
     * loaded machine makes likely, stays not-ready for good: the driver keeps its closed topology.)
     */
    async startReady(env: Record<string, string>, readyMs = 30_000, attempts = 3): Promise<ServerNode & { restarts: number }> {
      for (let restarts = 0; ; restarts++) {
        const node = await this.start(env);
        try {
          await readyNode(node.base, readyMs);
          return { ...node, restarts };
        } catch (err) {
          await node.kill();
          if (restarts + 1 >= attempts) throw err;
        }
      }
    },
    killAll: () => Promise.all(started.map((n) => n.kill())).then(() => undefined),
  };
}

/**
 * A Socket.IO client that knows every node, as a client behind a load balancer would reach
 * whichever node is up: it connects to `bases[first]`, and each reconnection attempt goes to the
 * next node in the list. It stays one Socket (same id for connection-state recovery, same
 * listeners). Socket.IO keeps the URL in its Manager (private there): the next attempt's engine
 * is built from it (Manager.open), so changing it before each attempt is all it takes.
 */
export function failoverSocket(
  bases: string[],
  auth: Record<string, unknown>,
  first = 0,
  opts: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  let at = first;
  const socket = io(bases[at]!, {
    path: '/socket.io',
    transports: ['websocket'],
    auth,
    reconnectionDelay: 50,
    reconnectionDelayMax: 500,
    ...opts,
  });
  socket.io.on('reconnect_attempt', () => {
    at = (at + 1) % bases.length;
    (socket.io as unknown as { uri: string }).uri = bases[at]!;
  });
  return socket;
}

/** Which node a connected failover socket is on now. */
export const nodeOf = (socket: Socket): string => (socket.io as unknown as { uri: string }).uri;

/**
 * POST as a client that knows every node: tries `bases[first]`, and when the node goes away under
 * the request (connection refused or reset, no answer) the next one with the same Idempotency-Key,
 * so a request that committed before its node died is answered by the replay, never made twice.
 */
export async function postWithFailover<T = Record<string, unknown>>(
  bases: string[],
  first: number,
  path: string,
  token: string,
  body: unknown,
  idempotencyKey: string,
): Promise<{ status: number; body: T; base: string; attempts: number }> {
  let last: unknown = null;
  for (let attempt = 0; attempt < 2 * bases.length + 2; attempt++) {
    const base = bases[(first + attempt) % bases.length]!;
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T, base, attempts: attempt + 1 };
    } catch (err) {
      last = err; // the node is gone: the next one, same key
    }
  }
  throw new Error(`POST ${path}: no node answered (${String(last)})`);
}

/** Resolves once GET /health/ready answers 200; fails with the last answer after `ms`. */
export async function readyNode(base: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    const res = await fetch(`${base}/health/ready`).catch((err: Error) => ({ status: 0, text: async () => err.message }));
    if (res.status === 200) return;
    last = `${res.status} ${await res.text()}`;
    // Readiness is only known by asking: poll, as a load balancer's health check does.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${base} not ready within ${ms} ms: ${last}`);
}
