// A MariaDB server of the test's own, on a spare loopback port with a temporary data directory,
// so a test can kill it (SIGKILL, like a crash) and start it again on the same data without
// touching the shared one. remove() kills it and deletes the directory; call it in afterAll.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface MariaInstance {
  port: number;
  /** mysql://root@127.0.0.1:<port>/<database> */
  url(database: string): string;
  start(): Promise<void>;
  /** SIGKILL: no clean shutdown, as when the server or its machine dies. */
  kill(): Promise<void>;
  remove(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function createMariaInstance(): Promise<MariaInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'hub-mariadb-'));
  const datadir = join(dir, 'data');
  const port = await freePort();
  let child: ChildProcess | null = null;
  try {
    await promisify(execFile)('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGKILL');
    await once(running, 'exit');
  };

  return {
    port,
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    async start() {
      const server = spawn(
        'mariadbd',
        [
          '--no-defaults',
          '--user=root',
          `--datadir=${datadir}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${join(dir, 'mysqld.sock')}`,
          `--pid-file=${join(dir, 'mysqld.pid')}`,
          '--skip-grant-tables',
          '--skip-name-resolve',
          '--skip-log-bin',
          '--innodb-buffer-pool-size=32M',
          '--innodb-log-file-size=16M',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child = server;
      // mariadbd logs to stderr; it takes connections once it says so (after crash recovery, on a restart).
      const log: string[] = [];
      await new Promise<void>((resolve, reject) => {
        server.stderr!.on('data', (chunk: Buffer) => {
          log.push(chunk.toString());
          if (/ready for connections/.test(log.join(''))) resolve();
        });
        server.once('exit', (code) => reject(new Error(`mariadbd exited with ${code}: ${log.join('')}`)));
      });
    },
    kill,
    async remove() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
