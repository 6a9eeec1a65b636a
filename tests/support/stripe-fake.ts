// A local stand-in for Stripe's API (no network): a node:http server answering the calls billing
// makes with the JSON Stripe would give (POST/GET /v1/payment_intents, POST/GET /v1/refunds). The
// real SDK talks to it (STRIPE_API_URL → host/port/protocol). It keeps every request it received,
// honours Idempotency-Key as Stripe does (the same key and parameters replay the first answer; other
// parameters are 400 idempotency_error), checks the API key, and fails on demand. Webhook events
// are signed with the SDK's own helper (generateTestHeaderString) and the hub's webhook secret.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  idempotencyKey: string | null;
  /** The form body decoded into nested objects (metadata[invoiceId] → {metadata: {invoiceId}}). */
  body: Record<string, unknown>;
}

export interface FakeFailure {
  status: number;
  type: string;
  code?: string;
  /** Only requests whose path starts with this fail (any, when unset). */
  path?: string;
  /** Tell the SDK it may retry (Stripe-Should-Retry: true); by default it is told not to. */
  retryable?: boolean;
}

type Json = Record<string, unknown>;

export const STRIPE_TEST_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_clinichubfake000000000000',
  STRIPE_WEBHOOK_SECRET: 'whsec_clinichubfake0000000000000000',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_clinichubfake000000000000',
};

/**
 * Stripe settings pointing at an address where nothing answers (the discard port): for hubs whose
 * tests must never reach Stripe's API but need online payment switched on (signatures, refusals).
 */
export const STRIPE_UNREACHABLE = { ...STRIPE_TEST_KEYS, STRIPE_API_URL: 'http://127.0.0.1:9' };

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** a[b][c]=1 → {a: {b: {c: '1'}}}; values stay strings, as Stripe receives them. */
function decodeForm(text: string): Json {
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split(/\[|\]\[|\]/).filter(Boolean);
    let node = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      if (!node[part]) node[part] = {};
      node = node[part] as Json;
    });
  }
  return out;
}

export class StripeFake {
  readonly requests: RecordedRequest[] = [];
  readonly paymentIntents = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  /** The state a new refund starts in (Stripe's card refunds are usually pending, then succeeded). */
  refundStatus: 'pending' | 'succeeded' = 'pending';
  private failures: (FakeFailure & { left: number })[] = [];
  private readonly stored = new Map<string, { fingerprint: string; status: number; body: Json }>();
  private readonly server = createServer((req, res) => this.serve(req, res));
  url = '';

  static async start(): Promise<StripeFake> {
    const fake = new StripeFake();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The hub's environment for online payment through this fake. */
  get env(): Record<string, string> {
    return { ...STRIPE_TEST_KEYS, STRIPE_API_URL: this.url };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` requests (to `path`, if given) fail with this Stripe error, marked not to be retried. */
  failNext(failure: FakeFailure, times = 1) {
    this.failures.push({ ...failure, left: times });
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** As if the patient's card went through: the PaymentIntent succeeded for `amount` (its whole amount by default). */
  succeed(paymentIntentId: string, amount?: number): Json {
    const pi = this.paymentIntents.get(paymentIntentId);
    if (!pi) throw new Error(`no PaymentIntent ${paymentIntentId}`);
    Object.assign(pi, { status: 'succeeded', amount_received: amount ?? pi.amount, latest_charge: id('ch') });
    return structuredClone(pi);
  }

  /** As if the card was declined. */
  decline(paymentIntentId: string): Json {
    const pi = this.paymentIntents.get(paymentIntentId);
    if (!pi) throw new Error(`no PaymentIntent ${paymentIntentId}`);
    Object.assign(pi, {
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    return structuredClone(pi);
  }

  /** A PaymentIntent made elsewhere (another system, the dashboard), succeeded, with this metadata. */
  foreignIntent(amount: number, currency: string, metadata: Record<string, string>): Json {
    const pi = this.newIntent({ amount: String(amount), currency, metadata });
    this.paymentIntents.set(pi.id as string, pi);
    return this.succeed(pi.id as string);
  }

  /** A Stripe event about `object`, signed as Stripe signs it: the body to POST and its headers. */
  signedEvent(type: string, object: Json, eventId = id('evt')) {
    const payload = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2026-11-18.endive',
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_KEYS.STRIPE_WEBHOOK_SECRET });
    return { eventId, payload, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature } };
  }

  private newIntent(body: Json): Json {
    const piId = id('pi');
    return {
      id: piId,
      object: 'payment_intent',
      amount: Number(body.amount),
      amount_received: 0,
      currency: String(body.currency),
      description: body.description ?? null,
      metadata: body.metadata ?? {},
      client_secret: `${piId}_secret_${randomBytes(8).toString('hex')}`,
      status: 'requires_payment_method',
      automatic_payment_methods: body.automatic_payment_methods ? { enabled: true } : null,
      created: Math.floor(Date.now() / 1000),
      latest_charge: null,
      last_payment_error: null,
      livemode: false,
    };
  }

  private route(method: string, path: string, query: Record<string, string>, body: Json): [number, Json] {
    if (method === 'POST' && path === '/v1/payment_intents') {
      if (!/^\d+$/.test(String(body.amount)) || Number(body.amount) < 1 || !/^[a-z]{3}$/.test(String(body.currency))) {
        return [400, error('invalid_request_error', 'parameter_invalid_integer')];
      }
      const pi = this.newIntent(body);
      this.paymentIntents.set(pi.id as string, pi);
      return [200, pi];
    }
    const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && intent) {
      const pi = this.paymentIntents.get(intent[1]!);
      return pi ? [200, pi] : [404, error('invalid_request_error', 'resource_missing')];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = this.paymentIntents.get(String(body.payment_intent));
      if (!pi) return [404, error('invalid_request_error', 'resource_missing')];
      const refunded = [...this.refunds.values()]
        .filter((r) => r.payment_intent === pi.id && r.status !== 'failed' && r.status !== 'canceled')
        .reduce((sum, r) => sum + (r.amount as number), 0);
      const amount = body.amount === undefined ? (pi.amount_received as number) - refunded : Number(body.amount);
      if (pi.status !== 'succeeded') return [400, error('invalid_request_error', 'charge_not_refundable')];
      if (amount < 1 || amount > (pi.amount_received as number) - refunded)
        return [400, error('invalid_request_error', 'amount_too_large')];
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: pi.currency,
        payment_intent: pi.id,
        charge: pi.latest_charge,
        metadata: body.metadata ?? {},
        reason: body.reason ?? null,
        status: this.refundStatus,
        created: Math.floor(Date.now() / 1000),
      };
      this.refunds.set(refund.id, refund);
      return [200, refund];
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const data = [...this.refunds.values()].filter((r) => !query.payment_intent || r.payment_intent === query.payment_intent);
      return [200, { object: 'list', data, has_more: false, url: '/v1/refunds' }];
    }
    return [404, error('invalid_request_error', 'unrecognized_request_url')];
  }

  private async serve(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      idempotencyKey: key,
      body: decodeForm(text),
    };
    this.requests.push(recorded);
    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${STRIPE_TEST_KEYS.STRIPE_SECRET_KEY}`) {
      return send(401, error('invalid_request_error', 'api_key_invalid'));
    }
    const failure = this.failures.find((f) => f.left > 0 && (!f.path || url.pathname.startsWith(f.path)));
    if (failure) {
      failure.left--;
      return send(failure.status, error(failure.type, failure.code), { 'stripe-should-retry': failure.retryable ? 'true' : 'false' });
    }
    // Stripe keeps the first answer of a POST per key (24 hours); the same key with other parameters is refused.
    const fingerprint = `${method} ${url.pathname} ${text}`;
    const earlier = key && method === 'POST' ? this.stored.get(key) : undefined;
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) return send(400, error('idempotency_error', 'idempotency_key_in_use'));
      return send(earlier.status, earlier.body, { 'idempotent-replayed': 'true' });
    }
    const [status, body] = this.route(method, url.pathname, recorded.query, recorded.body);
    if (key && method === 'POST') this.stored.set(key, { fingerprint, status, body: structuredClone(body) });
    send(status, body);
  }
}

function error(type: string, code?: string): Json {
  return { error: { type, ...(code && { code }), message: `Fake Stripe: ${code ?? type}` } };
}
