// Brute-force protection for login, kept in Redis so every server node shares the counts:
// - per client IP: all attempts in the window (stops one host spraying many accounts);
// - per account: attempts in the window, cleared by a success, so in effect failed attempts
//   (stops many hosts guessing one password). Both answer 429 RATE_LIMITED with Retry-After.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import { AppError, ErrorCode } from '../../errors.js';

export class LoginLimiter {
  private readonly perIp: RateLimiterRedis;
  private readonly perAccount: RateLimiterRedis;

  constructor(redis: Redis, config: Config) {
    const { loginAttemptsPerIp, loginFailuresPerAccount, loginWindowSeconds } = config.auth;
    const base = { storeClient: redis, duration: loginWindowSeconds, blockDuration: loginWindowSeconds };
    this.perIp = new RateLimiterRedis({ ...base, keyPrefix: `${config.redisPrefix}:login:ip`, points: loginAttemptsPerIp });
    this.perAccount = new RateLimiterRedis({
      ...base,
      keyPrefix: `${config.redisPrefix}:login:account`,
      points: loginFailuresPerAccount,
    });
  }

  /**
   * Counts an attempt against the IP and the account before the password is checked, atomically,
   * so concurrent guesses cannot slip past the limit; refuses it if either is over its limit.
   */
  async checkAttempt(ip: string, email: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
      await this.perAccount.consume(accountKey(email));
    } catch (err) {
      throw limited(err);
    }
  }

  /** A successful login clears the account's count: only failures accumulate. */
  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(accountKey(email));
  }
}

// Emails are personal data: Redis keys hold a hash, not the address.
function accountKey(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 32);
}

function limited(err: unknown): Error {
  if (!(err instanceof RateLimiterRes)) return err instanceof Error ? err : new Error(String(err));
  const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
  return new AppError(429, ErrorCode.RATE_LIMITED, 'Too many login attempts; try again later', { retryAfterSeconds });
}
