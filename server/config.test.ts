// Configuration: every setting validated once; a bad one stops the process with one line naming it.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const keyDir = mkdtempSync(join(tmpdir(), 'clinic-config-'));
const SIGNING_KEY_FILE = join(keyDir, 'signing.pem');
writeFileSync(SIGNING_KEY_FILE, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
const RSA_KEY_FILE = join(keyDir, 'rsa.pem');
writeFileSync(RSA_KEY_FILE, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), SIGNING_KEY_FILE };

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      mysqlUrl: 'mysql://root@127.0.0.1:3306/clinic',
      mongoUrl: 'mongodb://127.0.0.1:27017/clinic',
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'clinic',
      smtpUrl: null,
      smsWebhookUrl: null,
      careRelationshipDays: 730,
      publicUrl: 'http://localhost:3000',
      apiDocs: 'public',
      stripe: null,
    });
    expect(c.reminderOffsets).toEqual([
      { iso: 'P1D', ms: 86_400_000 },
      { iso: 'PT2H', ms: 7_200_000 },
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MYSQL_URL: 'postgres://x/y' }, 'MYSQL_URL'],
    [{ MONGO_URL: 'not a url' }, 'MONGO_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ REDIS_PREFIX: 'a:b' }, 'REDIS_PREFIX'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ REMINDER_OFFSETS: 'P1D,soon' }, 'REMINDER_OFFSETS'],
    [{ REMINDER_OFFSETS: 'PT0S' }, 'REMINDER_OFFSETS'],
    [{ SMTP_URL: 'ftp://mail' }, 'SMTP_URL'],
    [{ SMS_WEBHOOK_URL: 'nope' }, 'SMS_WEBHOOK_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ DEFAULT_TIMEZONE: 'Mars/Base' }, 'DEFAULT_TIMEZONE'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '2' }, 'TRUST_PROXY'],
    [{ MYSQL_URL: 'mysql://root@127.0.0.1:3306' }, 'MYSQL_URL'],
    [{ MYSQL_URL: 'mysql://root@127.0.0.1:3306/my-db' }, 'MYSQL_URL'],
    [{ CARE_RELATIONSHIP_DAYS: '0' }, 'CARE_RELATIONSHIP_DAYS'],
    [{ CARE_RELATIONSHIP_DAYS: 'two years' }, 'CARE_RELATIONSHIP_DAYS'],
    [{ CARE_RELATIONSHIP_DAYS: '3651' }, 'CARE_RELATIONSHIP_DAYS'],
    [{ PUBLIC_URL: 'clinic.example' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://clinic.example' }, 'PUBLIC_URL'],
    [{ API_DOCS: 'private' }, 'API_DOCS'],
    [{ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }, 'SIGNING_KEY_FILE'],
    [{ SIGNING_KEY_FILE: join(keyDir, 'missing.pem') }, 'SIGNING_KEY_FILE'],
    [{ SIGNING_KEY_FILE: RSA_KEY_FILE }, 'SIGNING_KEY_FILE'],
    [{ STRIPE_SECRET_KEY: 'sk_test_12345678' }, 'STRIPE_WEBHOOK_SECRET'],
    [{ STRIPE_WEBHOOK_SECRET: 'whsec_12345678' }, 'STRIPE_SECRET_KEY'],
    [{ STRIPE_SECRET_KEY: 'pk_test_12345678', STRIPE_WEBHOOK_SECRET: 'whsec_12345678' }, 'STRIPE_SECRET_KEY'],
    [{ STRIPE_SECRET_KEY: 'sk_test_12345678', STRIPE_WEBHOOK_SECRET: 'secret' }, 'STRIPE_WEBHOOK_SECRET'],
    [{ STRIPE_SECRET_KEY: 'sk_test_12345678', STRIPE_WEBHOOK_SECRET: 'whsec_12345678', STRIPE_API_URL: 'ftp://x' }, 'STRIPE_API_URL'],
  ])('refuses %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).variable).toBe(name);
      expect((err as Error).message).toContain(name);
    }
  });

  it('gives Stripe’s webhook a per-address limit of its own, well above the public check’s', () => {
    expect(loadConfig({}).limits).toMatchObject({ publicPerIp: 30, stripeWebhookPerIp: 600 });
    expect(loadConfig({ RATE_LIMIT_STRIPE_WEBHOOK: '2000' }).limits.stripeWebhookPerIp).toBe(2_000);
    expect(() => loadConfig({ RATE_LIMIT_STRIPE_WEBHOOK: '0' })).toThrow(ConfigError);
  });

  it('turns online payment on with both Stripe secrets (publishable key and API address optional)', () => {
    const c = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_12345678',
      STRIPE_WEBHOOK_SECRET: 'whsec_12345678',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
    });
    expect(c.stripe).toEqual({
      secretKey: 'sk_test_12345678',
      webhookSecret: 'whsec_12345678',
      publishableKey: null,
      apiUrl: 'http://127.0.0.1:12111',
    });
  });

  it('accepts a production config with a long secret', () => {
    const c = loadConfig({ ...PRODUCTION, REMINDER_OFFSETS: 'P2D, PT1H, PT15M' });
    expect(c.reminderOffsets.map((o) => o.ms)).toEqual([172_800_000, 3_600_000, 900_000]);
    expect(c.apiDocs).toBe('admin');
    expect(c.signingKey.generated).toBe(false);
    expect(loadConfig({ ...PRODUCTION, API_DOCS: 'public' }).apiDocs).toBe('public');
  });

  it('makes up a signing key for this process outside production', () => {
    const c = loadConfig({});
    expect(c.signingKey.generated).toBe(true);
    expect(c.signingKey.pem).toContain('BEGIN PRIVATE KEY');
  });
});

describe('the server process', () => {
  it('refuses to start in production without JWT_SECRET, with one line naming it', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  });
});
