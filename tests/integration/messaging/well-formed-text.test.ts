// Message text is well-formed Unicode, or it is refused: a JSON body that is not UTF-8 gets 400
// INVALID_JSON (not a message full of U+FFFD), and a lone surrogate ("\ud800") in any string of any
// JSON body or socket payload gets 400 / an ack with VALIDATION_FAILED. Nothing is stored either way;
// real characters outside the BMP (a surrogate pair) and the body limit are as before.
import type { LightMyRequestResponse } from 'fastify';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck } from '../../support/sockets.js';

let served: ServedClinic;
let threadId: string;
let sockets: Socket[];

beforeAll(async () => {
  served = await servedClinic();
  sockets = served.sockets;
  const { hub, clinic } = served;
  const booked = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(2, '10:00') },
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const thread = await hub.app.inject({
    method: 'POST',
    url: '/api/threads',
    headers: bearer(clinic.patient.token),
    payload: { doctorId: clinic.doctor.doctorId },
  });
  threadId = thread.json().id;
});
afterAll(() => served.close());

/** Sends `body` exactly as given (JSON text or raw bytes) as the patient. */
const send = (method: 'POST' | 'PATCH', url: string, body: string | Buffer) =>
  served.hub.app.inject({
    method,
    url,
    headers: { ...bearer(served.clinic.patient.token), 'content-type': 'application/json' },
    payload: body,
  });
const messagesUrl = () => `/api/threads/${threadId}/messages`;
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

function expectRefused(res: LightMyRequestResponse, code: 'INVALID_JSON' | 'VALIDATION_FAILED', what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
  expect(res.json(), what).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String), code });
}

async function storedIds(): Promise<string[]> {
  const page = await served.hub.app.inject({
    method: 'GET',
    url: `${messagesUrl()}?limit=100`,
    headers: bearer(served.clinic.patient.token),
  });
  return (page.json().messages as { clientMessageId: string }[]).map((m) => m.clientMessageId);
}

describe('a message sent over HTTP', () => {
  it('is refused when the body is not UTF-8, instead of being stored with replacement characters', async () => {
    const cases: [string, Buffer][] = [
      ['a Latin-1 é', bytes('{"clientMessageId":"bad-bytes-0001","body":"caf', [0xe9], '"}')],
      ['a stray continuation byte', bytes('{"clientMessageId":"bad-bytes-0002","body":"a', [0x80], 'b"}')],
      ['a surrogate encoded in UTF-8', bytes('{"clientMessageId":"bad-bytes-0003","body":"a', [0xed, 0xa0, 0x80], '"}')],
      ['an overlong slash', bytes('{"clientMessageId":"bad-bytes-0004","body":"a', [0xc0, 0xaf], '"}')],
      ['a truncated sequence', bytes('{"clientMessageId":"bad-bytes-0005","body":"a', [0xe2, 0x82], '"}')],
    ];
    for (const [what, body] of cases) expectRefused(await send('POST', messagesUrl(), body), 'INVALID_JSON', what);
    expect((await storedIds()).filter((id) => id.startsWith('bad-bytes'))).toEqual([]);
  });

  it('is refused when its text holds a lone surrogate, anywhere', async () => {
    const cases: [string, string][] = [
      ['a lone high surrogate', '{"clientMessageId":"lone-0001","body":"hello \\ud800"}'],
      ['a lone low surrogate', '{"clientMessageId":"lone-0002","body":"\\uDC00 hello"}'],
      ['a pair in the wrong order', '{"clientMessageId":"lone-0003","body":"\\udc00\\ud800"}'],
      ['a high surrogate at the very end', '{"clientMessageId":"lone-0004","body":"\\ud83d"}'],
      ['a lone surrogate in a key', '{"clientMessageId":"lone-0005","body":"x","\\ud800":1}'],
    ];
    for (const [what, body] of cases) expectRefused(await send('POST', messagesUrl(), body), 'VALIDATION_FAILED', what);
    expect((await storedIds()).filter((id) => id.startsWith('lone-'))).toEqual([]);
  });

  it('keeps characters outside the BMP, written raw or as an escaped pair', async () => {
    const raw = await send('POST', messagesUrl(), '{"clientMessageId":"emoji-0001","body":"Thanks 😀"}');
    expect(raw.statusCode, raw.body).toBe(201);
    expect(raw.json().body).toBe('Thanks 😀');
    const escaped = await send('POST', messagesUrl(), '{"clientMessageId":"emoji-0002","body":"Thanks \\ud83d\\ude00 \\\\ud800"}');
    expect(escaped.statusCode, escaped.body).toBe(201);
    expect(escaped.json().body).toBe('Thanks 😀 \\ud800');
  });

  it('is refused as an edit too, and the message keeps its text', async () => {
    const sent = await send('POST', messagesUrl(), '{"clientMessageId":"edit-me-0001","body":"Original"}');
    expect(sent.statusCode).toBe(201);
    const url = `${messagesUrl()}/${sent.json().id}`;
    expectRefused(await send('PATCH', url, '{"body":"Edited \\ud800"}'), 'VALIDATION_FAILED', 'lone surrogate');
    expectRefused(await send('PATCH', url, bytes('{"body":"Edited ', [0xff], '"}')), 'INVALID_JSON', 'not UTF-8');
    const page = await served.hub.app.inject({ method: 'GET', url: messagesUrl(), headers: bearer(served.clinic.patient.token) });
    const message = (page.json().messages as { id: string; body: string; edited: boolean }[]).find((m) => m.id === sent.json().id);
    expect(message).toMatchObject({ body: 'Original', edited: false });
    const edit = await send('PATCH', url, '{"body":"Edited \\ud83d\\ude00"}');
    expect(edit.statusCode, edit.body).toBe(200);
  });
});

describe('every JSON body', () => {
  it('gets the same checks, after authentication, with the body limit and the JSON errors as before', async () => {
    const { hub, clinic } = served;
    const post = (url: string, body: string | Buffer, headers: Record<string, string> = bearer(clinic.receptionist.token)) =>
      hub.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: body });
    const patient = '{"firstName":"Ann\\udfff","lastName":"Lee","dateOfBirth":"1990-01-01","phone":"+1 212 555 0100"}';
    expectRefused(await post('/api/patients', patient), 'VALIDATION_FAILED', 'a patient’s name');
    expectRefused(await post('/api/auth/login', bytes('{"email":"a', [0xfe], '@b.example","password":"x"}'), {}), 'INVALID_JSON', 'login');
    expect((await post('/api/patients', patient, {})).statusCode).toBe(401);
    expectRefused(await post('/api/auth/login', '', {}), 'INVALID_JSON', 'an empty body');
    expectRefused(await post('/api/auth/login', '{"email":', {}), 'INVALID_JSON', 'broken JSON');
    expect((await post('/api/auth/login', '{"__proto__":{"x":1}}', {})).statusCode).toBe(400);
    const tooLarge = await post('/api/auth/login', `{"email":"${'a'.repeat(1_100_000)}"}`, {});
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('PAYLOAD_TOO_LARGE');
    // Deep nesting is walked without recursion: a 400, never a 500.
    expectRefused(await post('/api/auth/login', `${'['.repeat(100_000)}"\\ud800"${']'.repeat(100_000)}`, {}), 'VALIDATION_FAILED', 'deep');
  });
});

describe('a message sent over Socket.IO', () => {
  it('is refused in the ack when its text holds a lone surrogate; a surrogate pair goes through', async () => {
    const s = client(served.base, served.clinic.patient.token);
    sockets.push(s);
    await connected(s);
    for (const body of ['hello \ud800', '\udc00', 'ok \ud83d']) {
      const ack = await emitAck<{ ok: boolean; error?: { code: string } }>(s, 'message:send', {
        threadId,
        clientMessageId: 'socket-lone-01',
        body,
      });
      expect(ack).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
    }
    expect((await storedIds()).filter((id) => id.startsWith('socket-lone'))).toEqual([]);
    const good = await emitAck<{ ok: boolean; message: { body: string } }>(s, 'message:send', {
      threadId,
      clientMessageId: 'socket-emoji-01',
      body: 'Thanks \ud83d\ude00',
    });
    expect(good).toMatchObject({ ok: true, message: { body: 'Thanks 😀' } });
  });
});
