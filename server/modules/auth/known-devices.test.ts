// Device cookies: signed by the hub for one account, refused when altered, moved to another
// account, signed with another key or too old.
import { describe, expect, it } from 'vitest';
import { DEVICE_COOKIE_PREFIX, DeviceCookies } from './known-devices.js';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const ALICE = '01JALICEAAAAAAAAAAAAAAAAAA';
const BOB = '01JBOBBBBBBBBBBBBBBBBBBBBB';

describe('DeviceCookies', () => {
  const devices = new DeviceCookies(SECRET, 86_400);

  it('recognises its own cookie for the account it was issued to', () => {
    const cookie = devices.issue(ALICE);
    expect(cookie.name).toBe(devices.nameFor(ALICE));
    expect(cookie.name.startsWith(DEVICE_COOKIE_PREFIX)).toBe(true);
    expect(devices.verify(ALICE, cookie.value)).toBe(cookie.deviceId);
    // Re-issued for a known device, it keeps the device.
    expect(devices.issue(ALICE, cookie.deviceId).deviceId).toBe(cookie.deviceId);
  });

  it('holds neither the email nor the user id, and names each account’s cookie differently', () => {
    const cookie = devices.issue(ALICE);
    expect(cookie.value).not.toContain(ALICE);
    expect(cookie.name).not.toContain(ALICE);
    expect(devices.nameFor(ALICE)).not.toBe(devices.nameFor(BOB));
  });

  it('refuses a cookie for another account, an altered one, one from another key, and garbage', () => {
    const cookie = devices.issue(ALICE);
    expect(devices.verify(BOB, cookie.value)).toBeNull();
    const [id, at, sig] = cookie.value.split('.') as [string, string, string];
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    expect(devices.verify(ALICE, `${id}.${at}.${flipped}`)).toBeNull();
    expect(devices.verify(ALICE, `${id}.${(Number.parseInt(at, 36) + 1).toString(36)}.${sig}`)).toBeNull();
    expect(new DeviceCookies(`${SECRET}-other`, 86_400).verify(ALICE, cookie.value)).toBeNull();
    for (const junk of [undefined, '', 'x', `${cookie.value}.`, `${id}.${at}`]) expect(devices.verify(ALICE, junk)).toBeNull();
  });

  it('forgets a device after its lifetime', () => {
    const issuedAt = Date.parse('2026-01-01T00:00:00Z');
    const cookie = devices.issue(ALICE, undefined, issuedAt);
    expect(devices.verify(ALICE, cookie.value, issuedAt + 86_399_000)).toBe(cookie.deviceId);
    expect(devices.verify(ALICE, cookie.value, issuedAt + 86_401_000)).toBeNull();
  });
});
