// Bad input to feedback: ratings out of range, floats, strings and operator objects, unknown fields,
// text too long, bad ids and tokens, malformed JSON. Each is a 4xx with a stable code, never a 5xx,
// and writes nothing: the feedback collection and the entry under moderation stay exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackCollection } from '../../../server/modules/feedback/store.js';
import { type Actor, bearer } from '../../support/factories.js';
import { call, type FeedbackClinic, feedbackClinic, feedbackToken, give, patientAfterVisit } from '../../support/feedback.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: FeedbackClinic;
let who: Actor;
let doctor: Actor;
let visitId: string;
let token: string;
/** An entry given before the table runs, for the routes that change one. */
let entryId: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await feedbackClinic(hub);
  ({ patient: who, visitId, doctor } = await patientAfterVisit(hub, clinic));
  const earlier = await patientAfterVisit(hub, clinic);
  entryId = (await give(hub, earlier.patient, earlier.visitId, { ratings: { overall: 4 } })).json().id;
  token = feedbackToken(hub, visitId);
});
afterAll(() => hub.close());

interface Case {
  name: string;
  url?: string | (() => string);
  as?: 'patient' | 'admin' | 'doctor' | 'none';
  method?: 'GET' | 'POST';
  body?: unknown;
  raw?: string;
  status?: number;
  code?: string;
}

const visitUrl = () => `/api/appointments/${visitId}/feedback`;
const r = (ratings: unknown, extra: object = {}) => ({ ratings, ...extra });

const CASES: Case[] = [
  { name: 'overall 0', body: r({ overall: 0 }) },
  { name: 'overall 6', body: r({ overall: 6 }) },
  { name: 'overall -1', body: r({ overall: -1 }) },
  { name: 'a float rating', body: r({ overall: 4.5 }) },
  { name: 'a rating as a string', body: r({ overall: '5' }) },
  { name: 'a rating as an operator object', body: r({ overall: { $gt: 0 } }) },
  { name: 'a dimension of 6', body: r({ overall: 5, waitTime: 6 }) },
  { name: 'a dimension as null', body: r({ overall: 5, cleanliness: null }) },
  { name: 'no overall rating', body: r({ waitTime: 3 }) },
  { name: 'no ratings at all', body: { comment: 'Fine' } },
  { name: 'ratings as an array', body: r([5, 4]) },
  { name: 'an unknown dimension', body: r({ overall: 5, parking: 2 }) },
  { name: 'an unknown field', body: r({ overall: 5 }, { status: 'approved' }) },
  { name: 'a comment as an operator object', body: r({ overall: 5 }, { comment: { $ne: '' } }) },
  { name: 'a comment of 2,001 characters', body: r({ overall: 5 }, { comment: 'a'.repeat(2001) }) },
  { name: 'suggestions as an array', body: r({ overall: 5 }, { suggestions: ['x'] }) },
  { name: 'anonymous as a string', body: r({ overall: 5 }, { anonymous: 'yes' }) },
  { name: 'the patient id smuggled in', body: r({ overall: 5 }, { patientId: '01JF0000000000000000000000' }) },
  { name: 'malformed JSON', raw: '{"ratings":{"overall":5}', code: 'INVALID_JSON' },
  { name: 'a malformed visit id', url: '/api/appointments/not-an-id/feedback', body: r({ overall: 5 }) },
  {
    name: 'an unknown visit id',
    url: '/api/appointments/01JF0000000000000000000000/feedback',
    body: r({ overall: 5 }),
    status: 404,
    code: 'NOT_FOUND',
  },
  { name: 'link: a token too short', url: '/api/feedback/link/submit', as: 'none', body: { token: 'abc', ratings: { overall: 5 } } },
  {
    name: 'link: a token as an operator object',
    url: '/api/feedback/link/submit',
    as: 'none',
    body: { token: { $regex: '.*' }, ratings: { overall: 5 } },
  },
  {
    name: 'link: a forged token',
    url: '/api/feedback/link/submit',
    as: 'none',
    body: { token: `01JF0000000000000000000000.zzzzzz.${'A'.repeat(43)}`, ratings: { overall: 5 } },
    status: 404,
    code: 'FEEDBACK_LINK_INVALID',
  },
  {
    name: 'link: overall 0 with a good token',
    url: '/api/feedback/link/submit',
    as: 'none',
    body: () => ({ token, ratings: { overall: 0 } }),
  },
  {
    name: 'link: an unknown field with a good token',
    url: '/api/feedback/link/submit',
    as: 'none',
    body: () => ({ token, ratings: { overall: 5 }, channel: 'portal' }),
  },
  { name: 'moderate: an unknown status', url: () => `/api/feedback/${entryId}/moderate`, as: 'admin', body: { status: 'deleted' } },
  {
    name: 'moderate: rejected without a reason',
    url: () => `/api/feedback/${entryId}/moderate`,
    as: 'admin',
    body: { status: 'rejected' },
  },
  {
    name: 'moderate: a reason of spaces',
    url: () => `/api/feedback/${entryId}/moderate`,
    as: 'admin',
    body: { status: 'rejected', reason: '   ' },
  },
  { name: 'reply: an empty body', url: () => `/api/feedback/${entryId}/reply`, as: 'doctor', body: { body: '' } },
  { name: 'reply: a body as an object', url: () => `/api/feedback/${entryId}/reply`, as: 'doctor', body: { body: { $set: 'x' } } },
  { name: 'list: an unknown status filter', url: '/api/feedback?status=deleted', as: 'admin', method: 'GET' },
  { name: 'list: limit 0', url: '/api/feedback?limit=0', as: 'admin', method: 'GET' },
  { name: 'list: a malformed cursor', url: '/api/feedback?before=%7B%24gt%3A0%7D', as: 'admin', method: 'GET' },
  { name: 'list: an unknown filter', url: '/api/feedback?patientId=01JF0000000000000000000000', as: 'admin', method: 'GET' },
];

async function snapshot() {
  const docs = await feedbackCollection(hub.app.mongo.db).find({}).sort({ _id: 1 }).toArray();
  return JSON.stringify(docs);
}

describe('bad input to feedback', () => {
  it('has at least twenty cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('$name → 4xx with a code, nothing written', async (c) => {
    const before = await snapshot();
    const actor = c.as === 'admin' ? clinic.admin : c.as === 'doctor' ? doctor : c.as === 'none' ? null : who;
    const url = typeof c.url === 'function' ? c.url() : (c.url ?? visitUrl());
    const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
    const res = await hub.app.inject({
      method: c.method ?? 'POST',
      url,
      headers: { ...(actor ? bearer(actor.token) : {}), ...(c.raw ? { 'content-type': 'application/json' } : {}) },
      ...(c.raw ? { payload: c.raw } : body !== undefined ? { payload: body as object } : {}),
    });
    expect(res.statusCode, res.body).toBe(c.status ?? 400);
    expect(res.json().code, res.body).toBe(c.code ?? 'VALIDATION_FAILED');
    expect(await snapshot()).toBe(before);
  });

  it('leaves the visit open for its real feedback afterwards', async () => {
    expect((await give(hub, who, visitId, { ratings: { overall: 5 } })).statusCode).toBe(201);
    expect((await call(hub, who, 'GET', '/api/feedback/mine')).json().feedback).toHaveLength(1);
  });
});
