// Every setting of the hub, read from the environment once at start and validated.
// This is the only file that reads process.env: everything else receives a Config.
// Long file: every setting is read and checked here, in one place, so nothing else reads the environment.
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Duration, IANAZone } from 'luxon';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  mysqlUrl: string;
  mongoUrl: string;
  redisUrl: string;
  redisPrefix: string;
  jwtSecret: string;
  /** True when no secret was configured and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  /** Milliseconds before each appointment start at which reminders go out. */
  reminderOffsets: { iso: string; ms: number }[];
  smtpUrl: string | null;
  /** The From header of reminder emails. */
  smtpFrom: string;
  smsWebhookUrl: string | null;
  /**
   * Shared secret for SMS webhooks: inbound replies must carry its HMAC signature, and outbound
   * messages are signed with it. Unset: the inbound webhook refuses everything.
   */
  smsWebhookSecret: string | null;
  notifications: {
    /** Local hours in which nothing is sent by email or SMS (unless the visit comes sooner). */
    quietHours: { startHour: number; endHour: number };
    /** A booked visit not checked in by start + this many minutes is marked a no-show. */
    noShowGraceMinutes: number;
    /** Reminder jobs the worker process runs at once. */
    workerConcurrency: number;
  };
  /** Origins allowed by CORS and the Socket.IO handshake; empty = same-origin only. */
  corsOrigins: string[];
  /** The hub's address as patients and staff reach it (PUBLIC_URL): its origin may open sockets. */
  publicUrl: string;
  /** The Ed25519 private key (PEM) that signs prescriptions; `generated` when made up for this process. */
  signingKey: { pem: string; generated: boolean };
  /**
   * Online payment through Stripe (modules/billing/stripe-gateway.ts); null when STRIPE_SECRET_KEY and
   * STRIPE_WEBHOOK_SECRET are both unset: checkout and the webhook then answer 409 ONLINE_PAYMENT_DISABLED.
   */
  stripe: StripeSettings | null;
  /** Who may read the OpenAPI document and Swagger UI at /docs (API_DOCS). */
  apiDocs: 'public' | 'admin' | 'off';
  logLevel: string;
  /**
   * Which proxies' X-Forwarded-For to believe (the client IP drives login rate limits): false, or
   * the proxies' addresses/CIDRs (or proxy-addr names such as loopback, uniquelocal). Never
   * "all" or a hop count: a client could then choose its own IP.
   */
  trustProxy: false | string;
  /** Whether admins and receptionists may read message threads they do not take part in. */
  staffCanReadThreads: boolean;
  /**
   * Admins and receptionists may open a patient's medical record, notes of standard privacy and
   * documents when they give a reason (header X-Access-Reason), each such read audited with it
   * ("break the glass"). Off: only the care team and the patient read the record.
   */
  staffCanReadRecords: boolean;
  /** The largest document upload accepted, in bytes (POST /api/patients/:id/documents answers 413 above it). */
  documentMaxBytes: number;
  /** Limits on requests and socket events (server/plugins/limits.ts, server/realtime/budget.ts). */
  limits: {
    /** The window of the request counts below, in seconds. */
    windowSeconds: number;
    /** Requests per window of one signed-in user or screen, on every node together. */
    perUser: number;
    /** Requests per window from one client IP without a signed-in caller. */
    perIp: number;
    /** Requests per window of one caller to each expensive route (availability, creating POSTs, search, send). */
    expensivePerRoute: number;
    /** Calls per address and window of a public route (the prescription check). */
    publicPerIp: number;
    /** Deliveries per address and window of Stripe's webhook (public, but Stripe sends from few addresses). */
    stripeWebhookPerIp: number;
    /** Requests of one caller in progress at once on one node. */
    inFlightPerCaller: number;
    /** Multiplies every per-socket event allowance (burst and rate). */
    socketBudgetScale: number;
    /** Over-budget events within 10 s after which a socket is disconnected. */
    socketMaxRefusals: number;
  };
  /**
   * Prometheus text at /metrics (and /health/*) on a port of its own, for the operations team's
   * scraper only: never routed by the load balancer (docs/OPERATIONS.md). METRICS_PORT unset: not served.
   */
  metrics: { port: number; host: string } | null;
  /** This process's name in metrics and logs (NODE_NAME; default the machine's host name). */
  nodeName: string;
  /** The MySQL pool of each server node. */
  mysqlPool: {
    size: number;
    /** Requests waiting for a connection at once; more are answered 503 at once. */
    queueLimit: number;
    /** How long a request waits for a connection before it is answered 503. */
    acquireTimeoutMs: number;
  };
  /** A patient message unanswered this long alerts the care team. */
  unansweredMessageMinutes: number;
  feedback: {
    /** FEEDBACK_DELAY: how long after a visit's completion its feedback request goes out (then out of quiet hours). */
    delay: { iso: string; ms: number };
    /** FEEDBACK_WINDOW_DAYS: days after the visit during which feedback is taken (the link's validity too). */
    windowDays: number;
  };
  /** Lots expiring within this many days alert the location's pharmacists and admins (stock-alerts job). */
  stockExpiryAlertDays: number;
  /**
   * Days a care relationship lasts after the patient's last visit with a doctor (a booked visit
   * ahead counts until it is cancelled): while it lasts they may open threads and write in them,
   * and the doctor may read the patient's record (scheduling/care-team.ts).
   */
  careRelationshipDays: number;
  /** Default time zone for new patients and locations when none is given. */
  defaultTimezone: string;
  /** ISO 3166 country for phone numbers written without a +country code. */
  defaultPhoneCountry: string;
  auth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    /**
     * Failed logins in a row an account (or a known device) takes without delay; past them the
     * account's unknown devices slow down (login-limiter.ts), a known device counts as unknown.
     */
    loginFailuresPerAccount: number;
    /** Login attempts allowed per client IP within the window. */
    loginAttemptsPerIp: number;
    loginWindowSeconds: number;
    /** The first wait of the login slowdown; it doubles with each further failure. */
    loginDelayBaseMs: number;
    /** The longest wait of the login slowdown. */
    loginDelayMaxSeconds: number;
    /** How long a browser stays a known device after its last successful login. */
    loginDeviceDays: number;
  };
}

export interface StripeSettings {
  /** The secret (sk_…) or restricted (rk_…) API key. */
  secretKey: string;
  /** The webhook endpoint's signing secret (whsec_…). */
  webhookSecret: string;
  /** pk_…, handed to the browser with each checkout for Stripe.js; null when not set. */
  publishableKey: string | null;
  /** STRIPE_API_URL: another address for Stripe's API (a test server, stripe-mock); null means api.stripe.com. */
  apiUrl: string | null;
}

/** A setting is missing or invalid: the message names it, main.ts prints one line and exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, fallback: string | null, protocols: string[]): string | null {
  const value = fallback === null ? optional(env, name) : str(env, name, fallback);
  if (value === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function mysqlUrl(env: Env): string {
  const value = url(env, 'MYSQL_URL', 'mysql://root@127.0.0.1:3306/clinic', ['mysql:']) as string;
  const name = decodeURIComponent(new URL(value).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new ConfigError('MYSQL_URL', 'must name a database of letters, digits and "_" (…/clinic)');
  return value;
}

function trustProxy(env: Env): Config['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false' || raw === '0') return false;
  const parts = raw.split(',').map((p) => p.trim());
  const address = /^([0-9a-fA-F:.]+(\/\d{1,3})?|loopback|linklocal|uniquelocal)$/;
  if (parts.every((p) => address.test(p) && /[.:]|local|loopback/.test(p))) return parts.join(',');
  throw new ConfigError('TRUST_PROXY', 'must be false or the addresses/CIDRs of the proxies in front (e.g. 10.0.0.0/8)');
}

/** A positive ISO 8601 duration (e.g. PT2H), with the variable's name in the error. */
function isoDuration(variable: string, iso: string): { iso: string; ms: number } {
  const duration = Duration.fromISO(iso);
  const ms = duration.isValid ? duration.toMillis() : Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ConfigError(variable, `has "${iso}", which is not a positive ISO 8601 duration (e.g. P1D, PT2H)`);
  }
  return { iso, ms };
}

function reminderOffsets(env: Env): Config['reminderOffsets'] {
  const raw = str(env, 'REMINDER_OFFSETS', 'P1D,PT2H');
  const offsets = raw.split(',').map((part) => part.trim());
  return offsets.map((iso) => isoDuration('REMINDER_OFFSETS', iso));
}

/** QUIET_HOURS "21-8": no email or SMS from 21:00 until 08:00 in the patient's time zone; "off" for none. */
function quietHours(env: Env): Config['notifications']['quietHours'] {
  const raw = str(env, 'QUIET_HOURS', '21-8');
  if (raw === 'off') return { startHour: 0, endHour: 0 };
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
  const [startHour, endHour] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!(startHour >= 0 && startHour <= 23 && endHour >= 0 && endHour <= 23)) {
    throw new ConfigError('QUIET_HOURS', `must be "start-end" in whole local hours (e.g. 21-8) or "off", got "${raw}"`);
  }
  return { startHour, endHour };
}

function phoneCountry(env: Env): string {
  const value = str(env, 'DEFAULT_PHONE_COUNTRY', 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(value)) throw new ConfigError('DEFAULT_PHONE_COUNTRY', `must be a two-letter country code, got "${value}"`);
  return value;
}

function smsWebhookSecret(env: Env): string | null {
  const value = optional(env, 'SMS_WEBHOOK_SECRET');
  if (value !== null && value.length < 16) throw new ConfigError('SMS_WEBHOOK_SECRET', 'must be at least 16 characters');
  return value;
}

/**
 * STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together turn online payment on; both unset leave it
 * off. One without the other is a mistake (payments could be taken but never recorded, or the
 * reverse), so it stops the start. STRIPE_API_URL is for tests and stripe-mock only.
 */
function stripe(env: Env): StripeSettings | null {
  const secretKey = optional(env, 'STRIPE_SECRET_KEY');
  const webhookSecret = optional(env, 'STRIPE_WEBHOOK_SECRET');
  if (secretKey === null && webhookSecret === null) return null;
  if (secretKey === null) throw new ConfigError('STRIPE_SECRET_KEY', 'is required when STRIPE_WEBHOOK_SECRET is set');
  if (webhookSecret === null) throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'is required when STRIPE_SECRET_KEY is set');
  if (!/^(sk|rk)_[A-Za-z0-9_]{8,}$/.test(secretKey))
    throw new ConfigError('STRIPE_SECRET_KEY', 'must be a Stripe secret key (sk_… or rk_…)');
  if (!/^whsec_[A-Za-z0-9+/=_-]{8,}$/.test(webhookSecret)) {
    throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'must be a Stripe webhook signing secret (whsec_…)');
  }
  const publishableKey = optional(env, 'STRIPE_PUBLISHABLE_KEY');
  if (publishableKey !== null && !/^pk_[A-Za-z0-9_]{8,}$/.test(publishableKey)) {
    throw new ConfigError('STRIPE_PUBLISHABLE_KEY', 'must be a Stripe publishable key (pk_…)');
  }
  return { secretKey, webhookSecret, publishableKey, apiUrl: url(env, 'STRIPE_API_URL', null, ['http:', 'https:']) };
}

function nodeEnv(env: Env): NodeEnv {
  const value = str(env, 'NODE_ENV', 'development');
  if (value !== 'development' && value !== 'production' && value !== 'test') {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${value}"`);
  }
  return value;
}

/**
 * JWT_SECRET, or the contents of the file JWT_SECRET_FILE names (for Docker secrets). Outside
 * production a missing secret becomes a random one for this process: nothing forgeable is ever
 * built in, at the price of tokens not surviving a restart in development.
 */
function jwtSecret(env: Env, mode: NodeEnv): { secret: string; generated: boolean } {
  let value = optional(env, 'JWT_SECRET');
  const file = optional(env, 'JWT_SECRET_FILE');
  if (value === null && file !== null) {
    try {
      value = readFileSync(file, 'utf8').trim();
    } catch {
      throw new ConfigError('JWT_SECRET_FILE', `cannot be read: ${file}`);
    }
  }
  if (value === null) {
    if (mode === 'production') throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
    return { secret: randomBytes(32).toString('base64url'), generated: true };
  }
  if (value.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  return { secret: value, generated: false };
}

/**
 * SIGNING_KEY_FILE: an Ed25519 private key in PEM. Required in production; elsewhere a missing one
 * becomes a key for this process only, so prescriptions signed before a restart stop verifying.
 */
function signingKey(env: Env, mode: NodeEnv): Config['signingKey'] {
  const file = optional(env, 'SIGNING_KEY_FILE');
  if (file === null) {
    if (mode === 'production') throw new ConfigError('SIGNING_KEY_FILE', 'is required when NODE_ENV=production');
    const { privateKey } = generateKeyPairSync('ed25519');
    return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), generated: true };
  }
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('SIGNING_KEY_FILE', `cannot be read: ${file}`);
  }
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
  } catch {
    throw new ConfigError('SIGNING_KEY_FILE', `is not an Ed25519 private key in PEM: ${file}`);
  }
  return { pem, generated: false };
}

function timezone(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback);
  if (!IANAZone.isValidZone(value)) throw new ConfigError(name, `is not an IANA time zone: "${value}"`);
  return value;
}

/** API_DOCS: public outside production, admin-only in production unless set. */
function apiDocs(env: Env, mode: NodeEnv): Config['apiDocs'] {
  const value = str(env, 'API_DOCS', mode === 'production' ? 'admin' : 'public');
  if (value !== 'public' && value !== 'admin' && value !== 'off') {
    throw new ConfigError('API_DOCS', `must be public, admin or off, got "${value}"`);
  }
  return value;
}

/** Reads and validates the whole configuration; throws ConfigError naming the first bad setting. */
export function loadConfig(env: Env = process.env): Config {
  const mode = nodeEnv(env);
  const prefix = str(env, 'REDIS_PREFIX', 'clinic');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) {
    throw new ConfigError('REDIS_PREFIX', 'must be 1-64 letters, digits, "_", "." or "-" (no ":")');
  }
  const logLevel = str(env, 'LOG_LEVEL', mode === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be a pino level, got "${logLevel}"`);
  }
  const corsOrigins = optional(env, 'CORS_ORIGINS');
  const secret = jwtSecret(env, mode);
  return {
    nodeEnv: mode,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST', '0.0.0.0'),
    mysqlUrl: mysqlUrl(env),
    mongoUrl: url(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/clinic', ['mongodb:', 'mongodb+srv:']) as string,
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']) as string,
    redisPrefix: prefix,
    jwtSecret: secret.secret,
    jwtSecretGenerated: secret.generated,
    reminderOffsets: reminderOffsets(env),
    smtpUrl: url(env, 'SMTP_URL', null, ['smtp:', 'smtps:']),
    smtpFrom: str(env, 'SMTP_FROM', 'Clinic Hub <no-reply@clinic-hub.local>'),
    smsWebhookUrl: url(env, 'SMS_WEBHOOK_URL', null, ['http:', 'https:']),
    smsWebhookSecret: smsWebhookSecret(env),
    notifications: {
      quietHours: quietHours(env),
      noShowGraceMinutes: int(env, 'NO_SHOW_GRACE_MINUTES', 15, 0, 1_440),
      workerConcurrency: int(env, 'WORKER_CONCURRENCY', 50, 1, 1_000),
    },
    corsOrigins: corsOrigins ? corsOrigins.split(',').map((o) => o.trim()) : [],
    publicUrl: url(env, 'PUBLIC_URL', 'http://localhost:3000', ['http:', 'https:']) as string,
    signingKey: signingKey(env, mode),
    apiDocs: apiDocs(env, mode),
    stripe: stripe(env),
    logLevel,
    trustProxy: trustProxy(env),
    defaultTimezone: timezone(env, 'DEFAULT_TIMEZONE', 'UTC'),
    defaultPhoneCountry: phoneCountry(env),
    unansweredMessageMinutes: int(env, 'UNANSWERED_MESSAGE_MINUTES', 240, 1, 10_080),
    feedback: {
      delay: isoDuration('FEEDBACK_DELAY', str(env, 'FEEDBACK_DELAY', 'PT2H').trim()),
      windowDays: int(env, 'FEEDBACK_WINDOW_DAYS', 30, 1, 365),
    },
    stockExpiryAlertDays: int(env, 'STOCK_EXPIRY_ALERT_DAYS', 30, 0, 365),
    staffCanReadThreads: flag(env, 'STAFF_CAN_READ_THREADS'),
    staffCanReadRecords: flag(env, 'STAFF_CAN_READ_RECORDS'),
    documentMaxBytes: int(env, 'DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1_024, 1024 * 1024 * 1024),
    careRelationshipDays: int(env, 'CARE_RELATIONSHIP_DAYS', 730, 1, 3_650),
    limits: {
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      perUser: int(env, 'RATE_LIMIT_PER_USER', 600, 1, 10_000_000),
      perIp: int(env, 'RATE_LIMIT_PER_IP', 300, 1, 10_000_000),
      expensivePerRoute: int(env, 'RATE_LIMIT_EXPENSIVE', 120, 1, 10_000_000),
      publicPerIp: int(env, 'RATE_LIMIT_PUBLIC', 30, 1, 10_000_000),
      stripeWebhookPerIp: int(env, 'RATE_LIMIT_STRIPE_WEBHOOK', 600, 1, 10_000_000),
      inFlightPerCaller: int(env, 'MAX_IN_FLIGHT_PER_CALLER', 16, 1, 100_000),
      socketBudgetScale: int(env, 'SOCKET_BUDGET_SCALE', 1, 1, 100_000),
      socketMaxRefusals: int(env, 'SOCKET_MAX_REFUSALS', 50, 1, 1_000_000),
    },
    metrics:
      optional(env, 'METRICS_PORT') === null
        ? null
        : { port: int(env, 'METRICS_PORT', 0, 0, 65535), host: str(env, 'METRICS_HOST', str(env, 'HOST', '0.0.0.0')) },
    nodeName: str(env, 'NODE_NAME', hostname()),
    mysqlPool: {
      size: int(env, 'MYSQL_POOL_SIZE', 10, 1, 1_000),
      queueLimit: int(env, 'MYSQL_QUEUE_LIMIT', 500, 1, 1_000_000),
      acquireTimeoutMs: int(env, 'MYSQL_ACQUIRE_TIMEOUT_MS', 3_000, 10, 600_000),
    },
    auth: {
      accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
      refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
      loginFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 10, 1, 10_000),
      loginAttemptsPerIp: int(env, 'LOGIN_MAX_ATTEMPTS_PER_IP', 100, 1, 1_000_000),
      loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
      loginDelayBaseMs: int(env, 'LOGIN_DELAY_BASE_MS', 500, 1, 3_600_000),
      loginDelayMaxSeconds: int(env, 'LOGIN_DELAY_MAX_SECONDS', 30, 1, 3_600),
      loginDeviceDays: int(env, 'LOGIN_DEVICE_DAYS', 180, 1, 730),
    },
  };
}
