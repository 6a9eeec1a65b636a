// Known devices, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies": a
// successful login leaves a device cookie in the browser, signed by the hub for that account, and
// a later login to the same account that presents it skips the account's slowdown
// (login-limiter.ts). An attacker who guesses from elsewhere slows down only the devices that never
// signed in; the owner's usual browser signs in at once.
// The cookie holds `<deviceId>.<issuedAt base36>.<HMAC-SHA256 over user id, device id, issuedAt>`:
// no email, no user id, nothing that works as a credential (the password is still needed). One
// cookie per account (its name carries a hash of the user id), so people who share a reception
// computer each keep theirs. The key is derived from JWT_SECRET: changing it forgets every device.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_COOKIE_PREFIX = 'clinic_device_';
/** Browsers send the cookie to the login route only. */
export const DEVICE_COOKIE_PATH = '/api/auth/login';

const VALUE = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceCookie {
  name: string;
  value: string;
  deviceId: string;
}

export class DeviceCookies {
  private readonly key: Buffer;

  constructor(
    secret: string,
    /** How long a device stays known after its last successful login. */
    readonly maxAgeSeconds: number,
  ) {
    this.key = createHmac('sha256', secret).update('clinic-hub device cookie v1').digest();
  }

  /** The cookie's name for this account. */
  nameFor(userId: string): string {
    return DEVICE_COOKIE_PREFIX + createHash('sha256').update(userId).digest('hex').slice(0, 16);
  }

  /** A cookie for this account on this device (a new device when `deviceId` is omitted). */
  issue(userId: string, deviceId: string = randomBytes(16).toString('base64url'), now = Date.now()): DeviceCookie {
    const issuedAt = Math.floor(now / 1000).toString(36);
    return { name: this.nameFor(userId), value: `${deviceId}.${issuedAt}.${this.sign(userId, deviceId, issuedAt)}`, deviceId };
  }

  /** The device a cookie names, if this hub issued it for this account and it has not expired; otherwise null. */
  verify(userId: string, value: string | undefined, now = Date.now()): string | null {
    const match = value ? VALUE.exec(value) : null;
    if (!match) return null;
    const [, deviceId, issuedAt, signature] = match as unknown as [string, string, string, string];
    const expected = Buffer.from(this.sign(userId, deviceId, issuedAt));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const ageSeconds = now / 1000 - Number.parseInt(issuedAt, 36);
    return ageSeconds >= -60 && ageSeconds <= this.maxAgeSeconds ? deviceId : null;
  }

  private sign(userId: string, deviceId: string, issuedAt: string): string {
    return createHmac('sha256', this.key).update(`${userId}.${deviceId}.${issuedAt}`).digest('base64url');
  }
}
