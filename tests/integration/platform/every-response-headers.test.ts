// Security headers and Cache-Control on every kind of response the process writes, over real HTTP
// (some answers never reach Fastify's hooks, so app.inject could not see them): routed answers,
// router 404s, framework errors, 413/415, the queue dashboard, Socket.IO's handshakes, polling and
// refusals, the WebSocket upgrade, requests Node cannot parse, health checks, the docs and the
// web client. Nothing that answers a credentialed request or carries patient data may be cached;
// the client's own files fetched without credentials may.
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELMET_OPTIONS, SECURITY_HEADERS } from '../../../server/plugins/security.js';
import { type Actor, bearer, patient, staff } from '../../support/factories.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: URL;
let admin: Actor;

beforeAll(async () => {
  hub = await startTestHub();
  base = new URL(await listenOnLoopback(hub.app));
  admin = await staff(hub, 'admin');
});
afterAll(() => hub?.close());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request as written (no URL normalising), and its answer. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The status line and headers of the answer to a WebSocket upgrade (101 or a refusal). */
function upgrade(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: base.hostname,
      port: base.port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw bytes on a TCP connection: what Node answers to a request it cannot parse. */
function rawExchange(bytes: string, port = Number(base.port)): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, base.hostname, () => socket.write(bytes));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

function expectSecurityHeaders(what: string, headers: IncomingHttpHeaders, opts: { ownCsp?: boolean } = {}) {
  for (const [name, value] of SECURITY_HEADERS) {
    if (name === 'content-security-policy' && opts.ownCsp) continue;
    expect(headers[name], `${what}: ${name}`).toBe(value);
  }
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('SAMEORIGIN');
  expect(headers['strict-transport-security'], what).toContain('max-age=');
  expect(headers['content-security-policy'], what).toContain("default-src 'self'");
  expect(headers['content-security-policy'], what).not.toContain('upgrade-insecure-requests');
}

describe('security headers', () => {
  it('are on routed answers, router 404s, framework errors, 413 and 415', async () => {
    const cases: [string, Promise<Answer>, number][] = [
      ['GET /api/me', send('GET', '/api/me', bearer(admin.token)), 200],
      ['401', send('GET', '/api/me'), 401],
      ['router 404', send('GET', '/no/such/route'), 404],
      ['malformed URL', send('GET', '/api/patients/%zz'), 400],
      ['415', send('POST', '/api/auth/login', { 'content-type': 'application/xml' }, '<login/>'), 415],
      ['413', send('POST', '/api/auth/login', { 'content-type': 'application/json' }, Buffer.alloc(1_100_000, 0x20)), 413],
      ['/health/live', send('GET', '/health/live'), 200],
      ['/health/ready', send('GET', '/health/ready'), 200],
      [
        'refused CORS preflight',
        send('OPTIONS', '/api/me', { origin: 'https://evil.example', 'access-control-request-method': 'GET' }),
        404,
      ],
    ];
    for (const [what, answer, status] of cases) {
      const res = await answer;
      expect(res.status, `${what}: ${res.body}`).toBe(status);
      expectSecurityHeaders(what, res.headers);
    }
  });

  it('are on the queue dashboard: its page, its files, its JSON API and its refusals', async () => {
    const page = await send('GET', '/admin/queues', bearer(admin.token));
    expect(page.status).toBe(200);
    expectSecurityHeaders('dashboard page', page.headers);
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)?.[1];
    for (const [what, path, headers, status] of [
      ['dashboard file', `/admin/queues/${script}`, bearer(admin.token), 200],
      ['dashboard API', '/admin/queues/api/queues', bearer(admin.token), 200],
      ['dashboard API without a token', '/admin/queues/api/queues', {}, 401],
      ['dashboard 404', '/admin/queues/api/no-such-thing', bearer(admin.token), 404],
    ] as const) {
      const res = await send('GET', path, headers);
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(what, res.headers);
    }
  });

  it('are on Socket.IO handshakes, long-polling, refusals and the WebSocket upgrade', async () => {
    const handshake = await send('GET', '/socket.io/?EIO=4&transport=polling');
    expect(handshake.status).toBe(200);
    expectSecurityHeaders('polling handshake', handshake.headers);
    const sid = (JSON.parse(handshake.body.slice(1)) as { sid: string }).sid;
    const poll = await send('POST', `/socket.io/?EIO=4&transport=polling&sid=${sid}`, { 'content-type': 'text/plain' }, '40{"token":"x"}');
    expect(poll.status).toBe(200);
    expectSecurityHeaders('polling POST', poll.headers);
    const answer = await send('GET', `/socket.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('unauthorized');
    expectSecurityHeaders('polling GET', answer.headers);
    for (const [what, path, headers, status] of [
      ['unknown transport', '/socket.io/?EIO=4&transport=carrier-pigeon', {}, 400],
      ['unknown session', '/socket.io/?EIO=4&transport=polling&sid=nope', {}, 400],
      ['refused Origin', '/socket.io/?EIO=4&transport=polling', { origin: 'https://evil.example' }, 403],
    ] as const) {
      const res = await send('GET', path, headers);
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(what, res.headers);
    }
    const ws = await upgrade('/socket.io/?EIO=4&transport=websocket');
    expect(ws.status).toBe(101);
    expectSecurityHeaders('WebSocket upgrade', ws.headers);
  });

  it('are byte for byte the header lines helmet itself writes with the hub’s options', async () => {
    // helmet's own middleware on a plain Node server, against the hub's precomputed set.
    const middleware = helmet(HELMET_OPTIONS);
    const plain = createServer((req, res) => middleware(req, res, () => res.end('{}')));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const request = (auth = '') => `GET /api/me HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`;
    /** Header lines by lower-case name, exactly as written (name case aside: HTTP names are case-insensitive). */
    const lines = (text: string) =>
      new Map(
        text
          .split('\r\n\r\n')[0]!
          .split('\r\n')
          .slice(1)
          .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':'))] as const),
      );
    try {
      const address = plain.address();
      const helmetLines = lines(await rawExchange(request(), typeof address === 'object' && address ? address.port : 0));
      const hubLines = lines(await rawExchange(request(`Authorization: Bearer ${admin.token}\r\n`)));
      const helmetNames = [...helmetLines.keys()].filter(
        (name) => !['date', 'connection', 'content-length', 'transfer-encoding'].includes(name),
      );
      expect(helmetNames.sort()).toEqual(SECURITY_HEADERS.map(([name]) => name).sort());
      for (const name of helmetNames) expect(hubLines.get(name), name).toBe(helmetLines.get(name));
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('are on the bare answer to a request Node cannot parse', async () => {
    const text = await rawExchange('GET / HTTP/1.1\r\nHost: x\r\nNo colon in this header\r\n\r\n');
    const [head, body] = text.split('\r\n\r\n');
    const lines = head!.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 400 Bad Request');
    const headers = Object.fromEntries(
      lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    expectSecurityHeaders('unparseable request', headers);
    expect(headers['cache-control']).toBe('no-store');
    expect(JSON.parse(body!)).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String), code: 'VALIDATION_FAILED' });
  });

  it('are on the docs (which keep their own Content-Security-Policy) and the web client', async () => {
    for (const path of ['/docs', '/docs/json', '/docs/static/swagger-ui.css']) {
      const res = await send('GET', path);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(path, res.headers, { ownCsp: true });
    }
    expect(existsSync('dist/client/index.html'), 'build the client first: npm run build:client').toBe(true);
    for (const path of ['/', '/login', '/display']) {
      const res = await send('GET', path);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(path, res.headers);
    }
  });
});

describe('Cache-Control', () => {
  const noStore = (what: string, res: { headers: IncomingHttpHeaders }) => expect(res.headers['cache-control'], what).toBe('no-store');

  it('is no-store on every answer to a credentialed request and every answer with patient data, errors too', async () => {
    const someone = await patient(hub);
    noStore(
      'login (tokens)',
      await send('POST', '/api/auth/login', { 'content-type': 'application/json' }, '{"email":"a@b.example","password":"x"}'),
    );
    noStore('GET /api/me', await send('GET', '/api/me', bearer(admin.token)));
    noStore('a patient record', await send('GET', `/api/patients/${someone.patientId}`, bearer(admin.token)));
    noStore('a patient’s own record', await send('GET', `/api/patients/${someone.patientId}`, bearer(someone.token)));
    noStore('403', await send('GET', '/api/users', bearer(someone.token)));
    noStore('401', await send('GET', '/api/me', bearer('not-a-valid-token')));
    noStore('404 with a token', await send('GET', '/api/nothing-here', bearer(admin.token)));
    noStore('400', await send('POST', '/api/patients', { ...bearer(admin.token), 'content-type': 'application/json' }, '{"nope":1}'));
    noStore('malformed URL', await send('GET', '/api/patients/%zz', bearer(admin.token)));
    noStore('dashboard page', await send('GET', '/admin/queues', bearer(admin.token)));
    noStore('dashboard API', await send('GET', '/admin/queues/api/queues', { cookie: `clinic_queues_session=${admin.token}` }));
    noStore('polling handshake', await send('GET', '/socket.io/?EIO=4&transport=polling'));
    noStore('refused Origin', await send('GET', '/socket.io/?EIO=4&transport=polling', { origin: 'https://evil.example' }));
    noStore('/docs/json', await send('GET', '/docs/json'));
    noStore('/health/ready', await send('GET', '/health/ready'));
  });

  it('leaves the web client’s public files cacheable, unless the request carries credentials', async () => {
    expect(existsSync('dist/client/index.html'), 'build the client first: npm run build:client').toBe(true);
    const page = await send('GET', '/login');
    expect(page.headers['cache-control']).toMatch(/^public/);
    const script = /src="\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await send('GET', `/${script}`)).headers['cache-control']).toMatch(/^public/);
    expect((await send('GET', '/')).headers['cache-control']).toMatch(/^public/);
    noStore('a file fetched with a bearer header', await send('GET', `/${script}`, bearer(admin.token)));
    noStore('a file fetched with a cookie', await send('GET', `/${script}`, { cookie: 'a=b' }));
    noStore('a screen’s pairing link', await send('GET', '/display?token=dsp_secret'));
  });
});
