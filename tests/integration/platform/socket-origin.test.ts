// The Socket.IO handshake's Origin check: a browser page may open a socket only from the hub's own
// origin (PUBLIC_URL) or one of CORS_ORIGINS. An Origin that merely matches the Host header the
// client sent proves nothing (a page on evil.example reaching the hub through evil.example's DNS
// sends both), so it is refused, and audited. Clients that send no Origin (kiosks, scripts) connect.
import { request as httpRequest } from 'node:http';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originAllowed } from '../../../server/plugins/socket.js';
import { type Actor, bearer, staff } from '../../support/factories.js';
import { client, connectError, connected } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

const PUBLIC_URL = 'https://clinic.example:8443/hub';
const DESK = 'https://desk.clinic.example';

let hub: TestHub;
let base: URL;
let admin: Actor;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub({ PUBLIC_URL, CORS_ORIGINS: DESK });
  base = new URL(await listenOnLoopback(hub.app));
  admin = await staff(hub, 'admin');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub?.close();
});

const open = (origin?: string) => {
  const s = client(base.origin, admin.token, origin ? { origin } : {});
  sockets.push(s);
  return s;
};

/** The status of a long-polling handshake sent with exactly these headers. */
function pollingHandshake(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, path: '/socket.io/?EIO=4&transport=polling', headers, setHost: !headers.host },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the Origin of a socket handshake', () => {
  it('may be the hub’s own origin (from PUBLIC_URL) or one of CORS_ORIGINS, or absent', async () => {
    for (const origin of ['https://clinic.example:8443', DESK, undefined]) {
      const s = open(origin);
      await connected(s);
      expect(s.connected, String(origin)).toBe(true);
    }
  });

  it('may not merely equal the Host header the client sent', async () => {
    expect(await pollingHandshake({ host: 'evil.example', origin: 'http://evil.example' })).toBe(403);
    expect(await pollingHandshake({ host: base.host, origin: base.origin })).toBe(403);
    expect(await pollingHandshake({ host: 'clinic.example:8443', origin: 'https://clinic.example:8443' })).toBe(200);
    expect(await connectError(open('http://evil.example'))).not.toBe('');
    // Only the origin counts: not its path, not a look-alike.
    for (const origin of [
      PUBLIC_URL,
      'https://clinic.example',
      'http://clinic.example:8443',
      'https://clinic.example:8443.evil.example',
      'null',
    ]) {
      expect(await pollingHandshake({ origin }), origin).toBe(403);
    }
  });

  it('is audited when refused: summarised per address and minute with the first origin, nothing of the token', async () => {
    expect(await connectError(open('https://refused.example'))).not.toBe('');
    const refusal = async () => {
      const res = await hub.app.inject({ method: 'GET', url: '/api/audit?limit=100', headers: bearer(admin.token) });
      const entries = res.json().entries as { action: string; targetType: string | null; targetId: string | null; count?: number }[];
      // Refusals from one address in one minute share an entry (the tests above sent several).
      return entries.find((e) => e.action === 'socket handshake' && e.targetType === 'origin' && (e.count ?? 0) >= 1);
    };
    let entry: Awaited<ReturnType<typeof refusal>>;
    await expect.poll(async () => (entry = await refusal()), { timeout: 10_000, interval: 20 }).toBeDefined();
    expect(entry).toMatchObject({ outcome: 'denied', statusCode: 403, actorId: null, ip: '127.0.0.1' });
    expect(JSON.stringify(entry)).not.toContain(admin.token);
  });
});

describe('originAllowed', () => {
  it('allows the listed origins, `*`, and no Origin at all; nothing else', () => {
    const allowed = ['https://clinic.example', DESK];
    expect(originAllowed(undefined, allowed)).toBe(true);
    expect(originAllowed('https://clinic.example', allowed)).toBe(true);
    expect(originAllowed(DESK, allowed)).toBe(true);
    expect(originAllowed('https://evil.example', allowed)).toBe(false);
    expect(originAllowed('https://evil.example', ['*'])).toBe(true);
    expect(originAllowed('', allowed)).toBe(false);
  });
});
