// Brute-force protection for login, kept in Redis so every server node shares the counts:
// - per client IP: all attempts in the window (stops one host spraying many accounts);
// - per account: failed attempts in the window (stops many hosts guessing one password).
// A success clears the account's failures. Both answer 429 RATE_LIMITED with Retry-After.
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

  /** Counts an attempt from this IP and refuses it if the IP or the account is over its limit. */
  async checkAttempt(ip: string, email: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (err) {
      throw limited(err);
    }
    const account = await this.perAccount.get(accountKey(email));
    if (account && account.consumedPoints >= this.perAccount.points) throw limited(account);
  }

  async recordFailure(email: string): Promise<void> {
    await this.perAccount.penalty(accountKey(email), 1).catch(() => undefined);
  }

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
