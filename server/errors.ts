// The one error type services throw, and the stable codes of the public contract.
// Routes never build error bodies themselves: the error handler (plugins/errors.ts) does.

export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_JSON: 'INVALID_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  LICENSE_TAKEN: 'LICENSE_TAKEN',
  SCHEDULE_OVERLAP: 'SCHEDULE_OVERLAP',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
  /** A phone number libphonenumber cannot read as a valid number (details.field names which). */
  INVALID_PHONE: 'INVALID_PHONE',
  /** A webhook call without a valid, fresh HMAC signature (or the webhook has no secret set). */
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode | (string & {}),
    message: string,
    /** Extra fields the client may act on (e.g. retryAfterSeconds, conflicts); never patient data. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, ErrorCode.VALIDATION_FAILED, message, details);
export const unauthorized = (message = 'Authentication required') => new AppError(401, ErrorCode.UNAUTHORIZED, message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => new AppError(404, ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (code: ErrorCode | (string & {}), message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
