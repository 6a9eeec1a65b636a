// Logger options. Logs are structured JSON with a request id on every line and carry no
// secrets and no patient data: query strings are dropped from logged URLs (they hold search
// terms such as names), tokens and passwords are redacted, and quoted values are scrubbed from
// error messages (database errors quote the values they choke on).
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Config } from './config.js';

function scrub(text: string | undefined): string | undefined {
  return text
    ?.replace(/\nparams: .*/s, '')
    .replace(/entry '.*' for key/gs, "entry '…' for key")
    .replace(/'[^']*'/g, "'…'");
}

type SafeError = { type: string; message: string; stack: string; [key: string]: unknown };

export function safeError(err: unknown): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: 'non-error thrown', stack: '' };
  const e = err as Error & { code?: unknown; errno?: unknown; cause?: unknown; statusCode?: unknown };
  const out: SafeError = { type: e.name, message: scrub(e.message) ?? '', stack: scrub(e.stack) ?? '' };
  if (e.code !== undefined) out.code = e.code;
  if (e.errno !== undefined) out.errno = e.errno;
  if (e.statusCode !== undefined) out.statusCode = e.statusCode;
  if (e.cause) out.cause = safeError(e.cause);
  return out;
}

export function loggerOptions(config: Config) {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.accessToken', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: FastifyRequest) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
        remoteAddress: req.ip,
      }),
      err: safeError,
    },
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Keeps a well-formed X-Request-Id from a proxy so logs join up; otherwise makes one. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
