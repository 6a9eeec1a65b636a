// Logger options. Logs are structured JSON with a request id on every line and carry no
// secrets and no patient data: query strings are dropped from logged URLs (they hold search
// terms such as names), tokens and passwords are redacted, and quoted values are scrubbed from
// error messages (database errors quote the values they choke on).
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level } from 'pino';
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

// Made ids look like UUIDs (8-4-4-4-12 hex digits): 96 random bits drawn once per process, then a
// counter. Unique across nodes and restarts without drawing randomness per request. They name a
// request in logs and audit entries and are not secrets (a client may send its own).
const idPrefix = randomBytes(12)
  .toString('hex')
  .replace(/^(.{8})(.{4})(.{4})(.{4})(.{4})$/, '$1-$2-$3-$4-$5');
let idCounter = randomBytes(4).readUInt32BE(0);

/** Keeps a well-formed X-Request-Id from a proxy so logs join up; otherwise makes one. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
  idCounter = (idCounter + 1) % 0x1_0000_0000;
  return idPrefix + idCounter.toString(16).padStart(8, '0');
}

/**
 * Fastify's childLoggerFactory. Each request's logger (request.log) binds the request id, and pino
 * makes a child by serialising its bindings: about 4% of the CPU of a small authenticated GET,
 * although at the production level (warn) most requests never log. This one makes the pino child
 * when the request first logs at an enabled level; what is written is the same.
 */
export function requestLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  // A route with its own level or serializers gets its child at once, as Fastify would make it.
  if (opts.level !== undefined || opts.serializers !== undefined) return logger.child(bindings, opts);
  return new RequestLogger(logger, bindings);
}

class RequestLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
  ) {}

  private get real(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings);
    return this.made;
  }

  private enabled(level: Level): boolean {
    if (this.made) return true; // the child checks its own level
    const isLevelEnabled = (this.parent as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled;
    return isLevelEnabled ? isLevelEnabled.call(this.parent, level) : true;
  }

  get level(): string {
    return this.made ? this.made.level : this.parent.level;
  }
  set level(level: string) {
    this.real.level = level;
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }

  private log(level: Level, args: unknown[]): void {
    if (this.enabled(level)) (this.real[level] as (...a: unknown[]) => void)(...args);
  }
}
