// Turns every error into the contract's shape { statusCode, error, message, code }.
// Known client mistakes become 4xx with a stable code; anything else is logged and becomes a
// bare 500 whose body never carries a stack trace, SQL or input values.
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isPoolBusy } from '../../db/errors.js';
import { AppError, ErrorCode } from '../errors.js';
import { unavailableStore } from '../modules/health/store-errors.js';
import { answerWithPage } from './client.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own error codes that mean "the client sent something wrong". */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.VALIDATION_FAILED,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_VALIDATION: ErrorCode.VALIDATION_FAILED,
  FST_ERR_BAD_URL: ErrorCode.VALIDATION_FAILED,
  FST_ERR_ASYNC_CONSTRAINT: ErrorCode.VALIDATION_FAILED,
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: ErrorCode.UNAUTHORIZED,
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: ErrorCode.UNAUTHORIZED,
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: ErrorCode.TOKEN_EXPIRED,
  FST_JWT_BAD_REQUEST: ErrorCode.UNAUTHORIZED,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: ErrorCode;
  [extra: string]: unknown;
}

/**
 * The contract names an error's extra fields under `details` (e.g. `details.matches`); they are also
 * spread at the top level, where clients written before that (retryAfterSeconds, conflicts) read them.
 */
export function errorBody(statusCode: number, code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  const base = { statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message, code };
  return details ? { ...details, ...base, details } : base;
}

/** Seconds a client is told to wait while a store is down: about the time the hub takes to notice it is back. */
export const STORE_DOWN_RETRY_AFTER_SECONDS = 5;

/**
 * A store too busy to answer in time (the MySQL pool's wait ran out) becomes 503
 * SERVICE_UNAVAILABLE with Retry-After; a store that is down or unreachable (refused, lost or
 * timed-out connection) becomes 503 STORE_UNAVAILABLE with Retry-After and details.store; over
 * HTTP and in socket acks alike. Null for anything else.
 */
export function storeBusy(error: unknown): AppError | null {
  if (isPoolBusy(error)) {
    return new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, 'The clinic system is busy; try again in a moment', { retryAfterSeconds: 1 });
  }
  const store = unavailableStore(error);
  if (!store) return null;
  return new AppError(
    503,
    ErrorCode.STORE_UNAVAILABLE,
    'The clinic system cannot reach its records right now; nothing was saved, try again in a moment',
    {
      store,
      retryAfterSeconds: STORE_DOWN_RETRY_AFTER_SECONDS,
    },
  );
}

function toBody(error: FastifyError | AppError): ErrorBody | null {
  const busy = storeBusy(error);
  if (busy) return errorBody(busy.statusCode, busy.code, busy.message, busy.details);
  if (error instanceof AppError) return errorBody(error.statusCode, error.code, error.message, error.details);
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (error.validation) {
    // Ajv messages name the field and the rule, never the value that was sent. A body field's
    // name also goes in `field`, so a form can show its problem beside it (a 1990-02-30 birth date).
    const field = error.validationContext === 'body' ? bodyField(error.validation[0]) : undefined;
    return errorBody(400, ErrorCode.VALIDATION_FAILED, error.message, field ? { field } : undefined);
  }
  if (mapped) {
    const status = mapped === ErrorCode.UNAUTHORIZED || mapped === ErrorCode.TOKEN_EXPIRED ? 401 : (error.statusCode ?? 400);
    const message =
      status === 401 ? (mapped === ErrorCode.TOKEN_EXPIRED ? 'Access token expired' : 'Authentication required') : error.message;
    return errorBody(status, mapped, message);
  }
  if (error.statusCode === 429) return errorBody(429, ErrorCode.RATE_LIMITED, 'Too many requests, slow down');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return errorBody(error.statusCode, ErrorCode.VALIDATION_FAILED, error.message);
  }
  return null;
}

/** The top-level body field a schema error is about ("dateOfBirth", "address.city" → "address"), if any. */
function bodyField(issue: { instancePath?: string; params?: Record<string, unknown> } | undefined): string | undefined {
  if (!issue) return undefined;
  const [first] = (issue.instancePath ?? '').split('/').filter(Boolean);
  const missing = issue.params?.missingProperty;
  const name = first ?? (typeof missing === 'string' ? missing : undefined);
  return name && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) ? name : undefined;
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const store = unavailableStore(error);
    // The next probe would notice too; marking it now makes /health/ready and hub_store_up say so at once.
    if (store) app.storeHealth?.suspect(store);
    const body = toBody(error);
    if (body) {
      if (typeof body.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.retryAfterSeconds));
      request.log[body.statusCode >= 500 ? 'warn' : 'info']({ code: body.code, statusCode: body.statusCode }, 'request refused');
      return reply.status(body.statusCode).send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody(500, ErrorCode.INTERNAL, 'Something went wrong on our side; it has been logged'));
  });

  // A browser opening an unknown page gets the client's "Not found" page (plugins/client.ts).
  app.setNotFoundHandler((request, reply) => {
    if (answerWithPage(request, reply, 404)) return reply;
    return reply.status(404).send(errorBody(404, ErrorCode.NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

export default fp(errorsPlugin, { name: 'errors' });
