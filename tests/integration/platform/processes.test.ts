// The server and worker as processes: they start from the environment and stop cleanly on
// SIGTERM, letting an in-flight request finish first.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateMysql } from '../../../db/migrate-mysql.js';
import { dropStores, isolatedEnv } from '../../support/test-hub.js';

const env = isolatedEnv({ LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' });
beforeAll(() => migrateMysql(env.MYSQL_URL!));
afterAll(() => dropStores(env));

/** Starts a process and resolves with it once a log line matches `ready`. */
async function startProcess(
  script: string,
  ready: RegExp,
): Promise<{ child: ChildProcess; lines: string[]; match: RegExpExecArray; nextLine(pattern: RegExp): Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(`stderr: ${line}`));
  const nextLine = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const onLine = (line: string) => {
        if (!pattern.test(line)) return;
        reader.off('line', onLine);
        resolve(line);
      };
      reader.on('line', onLine);
    });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    reader.on('line', (line) => {
      lines.push(line);
      const m = ready.exec(line);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${lines.join('\n')}`)));
  });
  return { child, lines, match, nextLine };
}

describe('server process', () => {
  it('serves, then on SIGTERM finishes the request in flight and exits 0', async () => {
    const { child, lines, match, nextLine } = await startProcess('server/main.ts', /Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
    const base = match[1]!;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // A login takes a password hash (tens of ms): send it, then SIGTERM while it runs.
    const received = nextLine(/\/api\/auth\/login.*incoming request/);
    const inFlight = fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@test.example', password: 'some password' }),
    });
    await received;
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect((await inFlight).status).toBe(401);
    expect(code, lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toContain('shutting down');
  });
});

describe('worker process', () => {
  it('starts against Redis and exits 0 on SIGTERM', async () => {
    const { child, lines } = await startProcess('workers/main.ts', /worker ready/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain('worker stopping');
  });
});
