// The worker's stock jobs, run the way the maintenance worker runs them (runMaintenanceJob) with a
// clock moved forward instead of waiting for days: lot-expiry writes expired stock off with an
// 'expired' ledger entry; stock-alerts tells the location's pharmacists (on their socket) and every
// admin (kept for their next sign-in when offline) about low stock and expiring lots, once a day.
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MaintenanceDeps, runMaintenanceJob } from '../../../server/jobs/maintenance.js';
import { messagingStore } from '../../../server/modules/messaging/store.js';
import { type Actor, createLocation, staff } from '../../support/factories.js';
import { expectLedgerMatches, get, inDays, pharmacistAt, receive, send } from '../../support/inventory.js';
import { smtpCatcher } from '../../support/notifications.js';
import { medicationId } from '../../support/prescribing.js';
import { client, connected, recorder } from '../../support/sockets.js';
import { startServedHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: string;
let redis: Redis;
let deps: MaintenanceDeps;
let admin: Actor;
const sockets: ReturnType<typeof client>[] = [];

beforeAll(async () => {
  ({ hub, base } = await startServedHub());
  redis = new Redis(hub.config.redisUrl, { maxRetriesPerRequest: null });
  deps = {
    db: hub.app.db,
    config: hub.config,
    plannerDeps: undefined as never, // neither stock job plans visit notifications
    messaging: messagingStore(hub.app.mongo.db),
    mongo: hub.app.mongo.db,
    io: hub.app.io,
    redis,
    log: { info: () => {} },
  };
  admin = await staff(hub, 'admin');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await redis.quit();
  await hub.close();
});

const daysFromNow = (days: number) => DateTime.now().plus({ days }).toJSDate();

describe('lot-expiry', () => {
  it('writes off a lot past its expiry with an "expired" entry, once, and leaves unexpired lots alone', async () => {
    const locationId = (await createLocation(hub, 'UTC')).id;
    const pharmacist = await pharmacistAt(hub, admin, [locationId]);
    const med = await medicationId(hub, admin, 'paracetamol');
    const expiring = await receive(hub, pharmacist, { locationId, medicationId: med, quantity: 8, expiresOn: inDays(5) });
    const later = await receive(hub, pharmacist, { locationId, medicationId: med, quantity: 4, expiresOn: inDays(50) });

    // On its expiry day the lot may still be dispensed: nothing happens.
    expect(await runMaintenanceJob(deps, 'lot-expiry', daysFromNow(5))).toEqual({ lots: 0 });
    const first = (await runMaintenanceJob(deps, 'lot-expiry', daysFromNow(6))) as { lots: number };
    expect(first.lots).toBeGreaterThanOrEqual(1);
    expect(await runMaintenanceJob(deps, 'lot-expiry', daysFromNow(6))).toEqual({ lots: 0 });

    const ledger = (await get(hub, pharmacist, `/api/inventory/movements?locationId=${locationId}&to=${inDays(7)}`)).json().movements;
    const expired = ledger.filter((m: { kind: string }) => m.kind === 'expired');
    expect(expired).toEqual([expect.objectContaining({ lotId: expiring.id, delta: -8, by: null })]);
    const items = (await get(hub, pharmacist, `/api/inventory?locationId=${locationId}`)).json().items;
    expect(items[0].lots.map((l: { id: string }) => l.id)).toEqual([later.id]);
    await expectLedgerMatches(hub);
  });
});

describe('stock-alerts', () => {
  it('alerts the pharmacist’s socket and the offline admin about low stock and expiring lots, once a day', async () => {
    const locationId = (await createLocation(hub, 'UTC')).id;
    const pharmacist = await pharmacistAt(hub, admin, [locationId]);
    const elsewhere = await pharmacistAt(hub, admin, [(await createLocation(hub, 'UTC')).id]);
    const med = await medicationId(hub, admin, 'amoxicillin', '500 mg');
    const lot = await receive(hub, pharmacist, { locationId, medicationId: med, quantity: 3, expiresOn: inDays(300) });
    expect((await send(hub, pharmacist, 'PUT', '/api/inventory/levels', { locationId, medicationId: med, minimum: 10 })).statusCode).toBe(
      200,
    );

    const own = client(base, pharmacist.token);
    const other = client(base, elsewhere.token);
    sockets.push(own, other);
    await Promise.all([connected(own), connected(other)]);
    const ownAlerts = recorder<{ type: string; data: Record<string, unknown> }>(own, 'notification');
    const otherAlerts = recorder(other, 'notification');

    // 280 days on (a date no other test of this file reaches), the lot expires within the 30-day window.
    const when = daysFromNow(280);
    const run = (await runMaintenanceJob(deps, 'stock-alerts', when)) as { alerts: number };
    expect(run.alerts).toBeGreaterThanOrEqual(2);
    const seen = await ownAlerts.count(2);
    expect(seen).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'stock_low',
          data: expect.objectContaining({ locationId, medicationId: med, onHand: 3, minimum: 10 }),
        }),
        expect.objectContaining({ type: 'stock_expiring', data: expect.objectContaining({ lotId: lot.id, expiresOn: lot.expiresOn }) }),
      ]),
    );
    const pending = deps.messaging.pending;
    const adminKept = await pending.find({ userId: admin.userId!, 'data.locationId': locationId }).toArray();
    expect(adminKept.map((n) => n.type).sort()).toEqual(['stock_expiring', 'stock_low']);

    // The same day again: nothing new anywhere.
    expect(await runMaintenanceJob(deps, 'stock-alerts', when)).toEqual({ alerts: 0 });
    expect(await pending.countDocuments({ userId: admin.userId!, 'data.locationId': locationId })).toBe(2);
    // A pharmacist of another location hears nothing about this one.
    expect(otherAlerts.seen.filter((n) => (n as { data: { locationId: string } }).data.locationId === locationId)).toEqual([]);
    expect(ownAlerts.seen.filter((n) => n.data.locationId === locationId)).toHaveLength(2);

    // By email too, when SMTP_URL is set (a second run on another day, so the alerts are due again).
    const smtp = await smtpCatcher();
    try {
      const later = daysFromNow(281);
      const mailing = { ...deps, config: { ...deps.config, smtpUrl: smtp.url } };
      expect(((await runMaintenanceJob(mailing, 'stock-alerts', later)) as { alerts: number }).alerts).toBeGreaterThanOrEqual(2);
      const mails = await smtp.untilMails((all) => all.filter((m) => m.to.includes(pharmacist.email!)).length >= 2);
      const mine = mails.filter((m) => m.to.includes(pharmacist.email!));
      expect(mine.map((m) => m.subject).join('\n')).toMatch(/Low stock/);
      expect(mine[0]!.decoded).toContain('/pharmacy?view=stock');
    } finally {
      await smtp.close();
    }
  });
});
