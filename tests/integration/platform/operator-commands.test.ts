// The operator commands, run as a user would run them (separate processes, env settings):
// db:migrate (twice), db:seed (twice: idempotent), admin:create (create, then reset).
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { dropStores, isolatedEnv } from '../../support/test-hub.js';

const env = isolatedEnv();
afterAll(() => dropStores(env));

function run(script: string, args: string[] = []) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

async function counts() {
  const app = await buildApp(loadConfig(env));
  try {
    const [rows] = await app.mysql.pool.query(
      `SELECT (SELECT COUNT(*) FROM locations) AS locations, (SELECT COUNT(*) FROM doctors) AS doctors,
              (SELECT COUNT(*) FROM patients) AS patients, (SELECT COUNT(*) FROM users) AS users,
              (SELECT COUNT(*) FROM schedule_rules) AS rules, (SELECT COUNT(*) FROM display_devices) AS displays,
              (SELECT COUNT(*) FROM appointment_types WHERE price_minor > 0) AS pricedTypes,
              (SELECT COUNT(*) FROM locations WHERE currency = 'USD') AS usdLocations,
              (SELECT COUNT(*) FROM user_locations) AS staffPlaces, (SELECT COUNT(*) FROM vital_signs) AS vitals,
              (SELECT COUNT(*) FROM patient_conditions) AS conditions,
              (SELECT COUNT(*) FROM patient_allergies) > 0 AS someAllergies,
              (SELECT COUNT(*) FROM appointments WHERE status = 'completed') AS completedVisits,
              (SELECT COUNT(*) FROM locations WHERE JSON_LENGTH(opening_hours) > 0) AS locationsWithHours,
              (SELECT COUNT(*) FROM doctors WHERE bio IS NOT NULL AND license_expires_on IS NOT NULL) AS doctorProfiles,
              (SELECT COUNT(*) FROM doctor_specialties) AS doctorSpecialties,
              (SELECT COUNT(*) FROM notification_templates) AS templates`,
    );
    const feedback = app.mongo.db.collection('feedback');
    const byStatus = await feedback.aggregate([{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    const systemLog = await app.mongo.db
      .collection('system_logs')
      .aggregate([{ $group: { _id: '$source', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    return {
      ...(rows as Record<string, number>[])[0],
      inbox: await app.mongo.db.collection('inbox').countDocuments({}),
      systemLog: Object.fromEntries(systemLog.map((g) => [g._id, g.n])),
      feedback: Object.fromEntries(byStatus.map((g) => [g._id, g.n])),
      anonymousFeedback: await feedback.countDocuments({ anonymous: true }),
      replies: await feedback.countDocuments({ status: 'approved', reply: { $ne: null } }),
      rejectedWithReason: await feedback.countDocuments({ status: 'rejected', 'moderation.reason': { $type: 'string' } }),
      openFollowUps: await feedback
        .find({ 'followUp.status': 'open' }, { projection: { _id: 0, 'ratings.overall': 1, 'followUp.reasons': 1 } })
        .toArray(),
    };
  } finally {
    await app.close();
  }
}

describe('db:migrate', () => {
  it('creates the database and is safe to run again', () => {
    const first = run('scripts/db-migrate.ts');
    expect(first.status, first.err).toBe(0);
    expect(first.out).toContain('migrations applied');
    const second = run('scripts/db-migrate.ts');
    expect(second.status, second.err).toBe(0);
    // Two cold starts of tsx and every migration: half a minute each on a busy 2-core machine.
  }, 180_000);
});

describe('db:seed', () => {
  it('loads the demo clinic with progress, and a second run changes nothing', async () => {
    const first = run('scripts/db-seed.ts');
    expect(first.status, first.err).toBe(0);
    expect(first.out).toContain('seed: patients 40/40');
    expect(first.out).toContain('seed: feedback 7/7');
    expect(first.out).toMatch(/Display token for .*: dsp_/);
    const after = await counts();
    expect(after).toEqual({
      locations: 2,
      doctors: 6,
      patients: 40,
      users: 6 + 6 + 10,
      rules: 30,
      displays: 2,
      pricedTypes: 3,
      usdLocations: 2,
      // The pharmacist works at both locations, each nurse at one.
      staffPlaces: 4,
      vitals: 6,
      conditions: 2,
      someAllergies: 1,
      // Demo visits with feedback of every kind, and two without feedback yet (the portal offers the form).
      completedVisits: 9,
      feedback: { approved: 4, pending: 2, rejected: 1 },
      anonymousFeedback: 1,
      replies: 2,
      rejectedWithReason: 1,
      openFollowUps: [{ ratings: { overall: 2 }, followUp: { reasons: ['low_rating'] } }],
      // The console's pages each have something to show: opening hours, doctors' profiles (four with a
      // second specialty: nine specialties in all), two wordings of the clinic's own, the admin's bell, and the system log.
      locationsWithHours: 2,
      doctorProfiles: 6,
      doctorSpecialties: 9,
      templates: 2,
      inbox: expect.any(Number),
      systemLog: { jobs: 2, server: 1, 'stripe-webhook': 1 },
    });
    expect(after.inbox).toBeGreaterThanOrEqual(2);
    const second = run('scripts/db-seed.ts');
    expect(second.status, second.err).toBe(0);
    expect(second.out).toContain(' 0 created');
    expect(await counts()).toEqual(after);
  });

  it('the demo logins work', async () => {
    const app = await buildApp(loadConfig(env));
    try {
      for (const email of [
        'admin@clinic.example',
        'reception.downtown@clinic.example',
        'ana.costa@clinic.example',
        'nurse.downtown@clinic.example',
        'pharmacy@clinic.example',
        'patient01@mail.example',
      ]) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'clinic-demo-2026' } });
        expect(res.statusCode, email).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});

describe('admin:create', () => {
  it('creates an admin, then resets its password when run again', async () => {
    const created = run('scripts/admin-create.ts', ['--email', 'Boss@Clinic.example', '--password', 'first password']);
    expect(created.status, created.err).toBe(0);
    expect(created.out).toContain('created');
    const reset = run('scripts/admin-create.ts', ['--email', 'boss@clinic.example', '--password', 'second password']);
    expect(reset.status, reset.err).toBe(0);
    expect(reset.out).toContain('password reset');
    const app = await buildApp(loadConfig(env));
    try {
      const login = (password: string) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'boss@clinic.example', password } });
      expect((await login('first password')).statusCode).toBe(401);
      const ok = await login('second password');
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user.role).toBe('admin');
    } finally {
      await app.close();
    }
  });

  it('refuses bad arguments and another role’s email with one line', () => {
    const short = run('scripts/admin-create.ts', ['--email', 'x@clinic.example', '--password', 'short']);
    expect(short.status).toBe(1);
    expect(short.err.trim()).toMatch(/^failed: --password must be/);
    const typo = run('scripts/admin-create.ts', ['--mail', 'x@clinic.example']);
    expect(typo.status).toBe(1);
    const doctor = run('scripts/admin-create.ts', ['--email', 'ana.costa@clinic.example', '--password', 'long enough password']);
    expect(doctor.status).toBe(1);
    expect(doctor.err).toContain('is a doctor login');
  });
});
