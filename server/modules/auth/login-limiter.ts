// Brute-force protection for login that cannot be turned against the account's owner. Kept in
// Redis, so every server node shares the counts:
// - per client IP: all attempts from unknown devices in the window (stops one host spraying many
//   accounts);
// - per account: a slowdown, not a lock. After LOGIN_MAX_FAILURES_PER_ACCOUNT failures in a row
//   each further attempt must wait for a delay that doubles per failure, up to a cap (0.5 s, 1 s,
//   2 s … 30 s by default); an attempt that comes sooner is refused at once with 429 RATE_LIMITED
//   and Retry-After, without touching the password, and does not lengthen the delay. A success
//   ends the streak; so does a quiet LOGIN_WINDOW_SECONDS;
// - known devices (known-devices.ts) skip both: a browser that signed in to this account before
//   signs in at once however hard someone else hammers the account, from any IP (also the
//   attacker's: a clinic's desks often share one address). Each device has its own budget of
//   LOGIN_MAX_FAILURES_PER_ACCOUNT failures in a row; past it, it counts as an unknown device, so
//   a stolen device cookie buys that many extra guesses and no more.
// Every attempt is counted as failed before the password is checked, atomically, so concurrent
// guesses cannot slip past; a success takes it back.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import { AppError, ErrorCode } from '../../errors.js';

export interface SlowdownPolicy {
  /** Failures in a row that cost no wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  baseMs: number;
  maxMs: number;
}

/** How long the next attempt must wait after `failures` failures in a row. */
export function delayAfter(failures: number, policy: SlowdownPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures;
  return doublings >= 40 ? policy.maxMs : Math.min(policy.maxMs, policy.baseMs * 2 ** doublings);
}

/** The waits past the free failures, up to and including the cap: what the Lua script steps through. */
export function delaySteps(policy: SlowdownPolicy): number[] {
  const steps: number[] = [];
  for (let n = policy.freeFailures; ; n++) {
    const delay = delayAfter(n, policy);
    steps.push(delay);
    if (delay >= policy.maxMs) return steps;
  }
}

// KEYS[1] the account's streak {n: failures in a row, counting attempts in flight; until: ms}.
// ARGV: the streak's lifetime after its last attempt (ms), the free failures, then the waits.
// Returns 0 when the attempt may go ahead (and counts it), otherwise the ms still to wait.
const ACCOUNT_SLOWDOWN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'n', 'until')
local n = tonumber(state[1]) or 0
local untilMs = tonumber(state[2]) or 0
if now < untilMs then return untilMs - now end
n = n + 1
local free = tonumber(ARGV[2])
local delay = 0
if n >= free then delay = tonumber(ARGV[3 + math.min(n - free, #ARGV - 3)]) end
redis.call('HSET', KEYS[1], 'n', n, 'until', now + delay)
redis.call('PEXPIRE', KEYS[1], delay + tonumber(ARGV[1]))
return 0
`;

/** How an attempt was let through, for `succeeded`. */
export interface Admission {
  /** The device cookie presented for this account, if valid. */
  deviceId: string | null;
  /** True when the known device's budget let it through (no IP limit, no account slowdown). */
  asKnownDevice: boolean;
}

export class LoginLimiter {
  private readonly perIp: RateLimiterRedis;
  private readonly policy: SlowdownPolicy;
  private readonly steps: string[];
  private readonly windowMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    config: Config,
  ) {
    const { loginAttemptsPerIp, loginFailuresPerAccount, loginWindowSeconds, loginDelayBaseMs, loginDelayMaxSeconds } = config.auth;
    this.prefix = config.redisPrefix;
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:login:ip`,
      points: loginAttemptsPerIp,
      duration: loginWindowSeconds,
      blockDuration: loginWindowSeconds,
    });
    this.policy = {
      freeFailures: loginFailuresPerAccount,
      baseMs: loginDelayBaseMs,
      maxMs: Math.max(loginDelayBaseMs, loginDelayMaxSeconds * 1000),
    };
    this.steps = delaySteps(this.policy).map(String);
    this.windowMs = loginWindowSeconds * 1000;
  }

  /**
   * Lets an attempt go on to the password check, counting it as a failure until `succeeded`, or
   * refuses it with 429 RATE_LIMITED (retryAfterSeconds). `deviceId`: the device the request's
   * device cookie names for this account, already verified, or null.
   */
  async admit(ip: string, email: string, deviceId: string | null): Promise<Admission> {
    if (deviceId) {
      const key = this.deviceKey(deviceId);
      const [[, failures]] = (await this.redis.multi().incr(key).pexpire(key, this.windowMs).exec()) as [[unknown, number]];
      if (failures <= this.policy.freeFailures) return { deviceId, asKnownDevice: true };
    }
    try {
      await this.perIp.consume(ip);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw limited(err.msBeforeNext);
    }
    const wait = Number(
      await this.redis.eval(ACCOUNT_SLOWDOWN, 1, this.accountKey(email), this.windowMs, this.policy.freeFailures, ...this.steps),
    );
    if (wait > 0) throw limited(wait);
    return { deviceId, asKnownDevice: false };
  }

  /**
   * The password was right: the attempt was no failure. Ends the device's failures in a row, and
   * the account's streak when the attempt went through the slowdown. A known device's success
   * leaves the account's streak alone: someone else may still be guessing.
   */
  async succeeded(email: string, admission: Admission): Promise<void> {
    const keys = admission.deviceId ? [this.deviceKey(admission.deviceId)] : [];
    if (!admission.asKnownDevice) keys.push(this.accountKey(email));
    if (keys.length) await this.redis.del(...keys);
  }

  // Emails are personal data: Redis keys hold a hash, not the address.
  private accountKey(email: string): string {
    return `${this.prefix}:login:slowdown:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  }

  private deviceKey(deviceId: string): string {
    return `${this.prefix}:login:device:${deviceId}`;
  }
}

function limited(msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError(429, ErrorCode.RATE_LIMITED, 'Too many login attempts; try again later', { retryAfterSeconds });
}
