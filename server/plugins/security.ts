// Security headers (helmet), Cache-Control and CORS. CORS is off unless CORS_ORIGINS lists allowed
// origins.
//
// helmet's headers are the same on every response (no nonces), so they are worked out once, by
// running helmet's own middleware against a recorder at start, and added at every place the
// process answers from:
// - the HTTP server's response class (SecureResponse, given to Fastify as `http.ServerResponse`):
//   when a response writes its head, the headers it does not set itself are added to it. That
//   covers routed answers, router 404s, framework errors, the 503s of a closing server, and
//   Socket.IO's handshakes, long-polling and refusals;
// - an onSend hook, for answers that are not SecureResponses (app.inject in tests);
// - clientErrorHandler: the bare 400/408/431 written to a socket whose request could not be parsed.
// (@fastify/helmet rebuilt its middleware on every request, a third of the throughput of a small
// authenticated GET. Setting the headers with setHeader in a request listener validated and stored
// each one and pushed Node's writeHead onto its slow path, which copies Fastify's own headers
// through setHeader again; added to the head instead, each header is validated once.)
//
// Cache-Control: no-store on every answer (tokens, patient data, errors alike), except the web
// client's own public files (routes marked `config.publicAsset`) fetched without credentials.
import { type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { ErrorCode } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public file of the web client: cacheable when fetched without credentials (plugins/client.ts). */
    publicAsset?: boolean;
  }
}

/** helmet's options for the hub (exported so a test can compare the hub's headers with helmet's own output). */
export const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  // The API serves JSON; the docs page and the client set their own script sources below.
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // Stripe.js and its card frames, for the portal's "Pay online" (Stripe's documented origins;
      // the card details go from Stripe's frame to Stripe, never through the hub).
      scriptSrc: ["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com'],
      frameSrc: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'ws:', 'wss:', 'https://api.stripe.com'],
      // Waiting-room screens and desk PCs may reach the hub over plain HTTP on the clinic LAN;
      // upgrading their requests to https would leave them with a dead page.
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
};
const helmetMiddleware = helmet(HELMET_OPTIONS);

/** What helmet sets, read once by running its middleware against a recording response. */
function recordHeaders(): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let done = false;
  helmetMiddleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done || headers.size === 0) throw new Error('helmet did not set its headers synchronously');
  return [...headers];
}

/** helmet's headers, lower-case names: the same for every response. */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = recordHeaders();
export const NO_STORE = 'no-store';

/** Sets the security headers and Cache-Control: no-store on a raw (or Engine.IO) response. */
export function applySecurityHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  res.setHeader('cache-control', NO_STORE);
}

/** What every response carries unless it sets the header itself. */
const DEFAULT_HEADERS: readonly (readonly [string, string])[] = [...SECURITY_HEADERS, ['cache-control', NO_STORE]];

/**
 * The HTTP server's response class: writing the head adds each default header the response has
 * not set itself (with setHeader, or in the headers given to writeHead, in any letter case).
 * Responses that never call writeHead get it called by Node (implicitly, with the status code).
 */
export class SecureResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(
    statusCode: number,
    reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    maybeHeaders?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    const headers = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    if (headers && !Array.isArray(headers) && lowerCaseKeys(headers)) {
      // Fastify's case: a plain object with lower-case names; the defaults join it (no setHeader).
      for (const [name, value] of DEFAULT_HEADERS) if (headers[name] === undefined && !this.hasHeader(name)) headers[name] = value;
    } else {
      // Anything else goes through setHeader, which Node merges case-insensitively.
      const given = headers ? givenNames(headers) : new Set<string>();
      for (const [name, value] of DEFAULT_HEADERS) if (!given.has(name) && !this.hasHeader(name)) this.setHeader(name, value);
    }
    // biome-ignore lint/suspicious/noExplicitAny: ServerResponse.writeHead's overloads
    return (super.writeHead as (...args: any[]) => this)(statusCode, reasonOrHeaders, maybeHeaders);
  }
}

function lowerCaseKeys(headers: OutgoingHttpHeaders): boolean {
  for (const key in headers) if (key !== key.toLowerCase()) return false;
  return true;
}

function givenNames(headers: OutgoingHttpHeaders | OutgoingHttpHeader[]): Set<string> {
  if (!Array.isArray(headers)) return new Set(Object.keys(headers).map((key) => key.toLowerCase()));
  // [name, value, name, value] or [[name, value], ...]
  const names = new Set<string>();
  headers.forEach((entry, i) => {
    if (Array.isArray(entry)) names.add(String(entry[0]).toLowerCase());
    else if (i % 2 === 0) names.add(String(entry).toLowerCase());
  });
  return names;
}

/** The origins whose pages the hub trusts (sockets, the dashboard's changes): its own (PUBLIC_URL) and CORS_ORIGINS. */
export function trustedOrigins(config: { publicUrl: string; corsOrigins: string[] }): string[] {
  return [new URL(config.publicUrl).origin, ...config.corsOrigins];
}

/** A bearer header, a cookie or a token in the query (a screen's pairing link) make a request credentialed. */
export function carriesCredentials(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers.authorization !== undefined || headers.cookie !== undefined || /[?&]token=/.test(request.url);
}

/**
 * Fastify's clientErrorHandler: a request Node could not parse gets the same bare status as Fastify's
 * own handler, in the contract's error shape and with the security headers.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const error = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({ statusCode: status, error, message: 'The request could not be read', code: ErrorCode.VALIDATION_FAILED });
  if (socket.writable) {
    const headers = [...SECURITY_HEADERS, ['cache-control', NO_STORE], ['content-type', 'application/json; charset=utf-8']];
    socket.write(
      `HTTP/1.1 ${status} ${error}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

async function securityPlugin(app: FastifyInstance) {
  app.addHook('onSend', (request, reply, payload, done) => {
    // app.inject's responses are not SecureResponses; a SecureResponse adds the headers itself.
    if (!(reply.raw instanceof SecureResponse) && !reply.raw.hasHeader('x-content-type-options')) applySecurityHeaders(reply.raw);
    // A route's own Cache-Control (the static files') stands only for public files fetched without credentials.
    if (!request.routeOptions.config?.publicAsset || carriesCredentials(request)) reply.header('cache-control', NO_STORE);
    done(null, payload);
  });

  const origins = app.config.corsOrigins;
  await app.register(cors, {
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    credentials: false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['stores'] });
