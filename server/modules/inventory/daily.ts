// The worker's stock jobs (server/jobs/maintenance.ts), each safe to repeat and to overlap:
// - expireLots: lots past their expiry date (the location's local date) that still hold stock are
//   written off to zero with an 'expired' ledger entry, each in its own locked transaction;
// - stockAlerts: medicines below their minimum and lots expiring within N days alert the
//   location's pharmacists and every admin, in-app and by email (SMTP_URL), at most once per medicine or lot per local day
//   (a Redis key claimed with SET NX marks each alert as sent, on whichever worker runs first).
import type { Redis } from 'ioredis';
import type { Database } from '../../../db/mysql.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import type { NotificationPayload } from '../live/events.js';
import { locationZones } from '../locations/repository.js';
import { listUsers, usersAtLocation } from '../users/repository.js';
import { addDays, localToday } from './period.js';
import { expiredLotsWithStock, lockLot, moveStock } from './repository.js';
import { isLow, stockItems } from './service.js';

/** Writes off the stock of every lot past its expiry date; the number of lots written off. */
export async function expireLots(db: Database, now = new Date()): Promise<number> {
  let expired = 0;
  for (const { id: locationId, timezone } of await locationZones(db)) {
    const today = localToday(timezone, now);
    for (const { id } of await expiredLotsWithStock(db, locationId, today)) {
      const wrote = await transactionWithRetry(db, async (tx) => {
        const lot = await lockLot(tx, id);
        // Another worker, or a count, may have emptied it since the list was read.
        if (lot.onHand <= 0 || lot.expiresOn >= today) return false;
        await moveStock(tx, { lotId: id, delta: -lot.onHand, kind: 'expired', reason: `Expired on ${lot.expiresOn}`, by: null }, now);
        return true;
      });
      if (wrote) expired++;
    }
  }
  return expired;
}

export interface StockAlertDeps {
  db: Database;
  redis: Redis;
  redisPrefix: string;
  /** Lots expiring within this many days alert. */
  expiryAlertDays: number;
  /** Hands one notification to one user (their sockets, or kept for their next sign-in); `key` names the alert and its day. */
  deliver: (to: StockAlertRecipient, notification: NotificationPayload, key: string) => Promise<void>;
  /** Emails it too (SMTP_URL set); a failure is logged by the caller, never stops the others. */
  mail?: (userId: string, notification: NotificationPayload) => Promise<void>;
}

/** Who an alert goes to: the location's pharmacists and every admin (the role decides the inbox item's link). */
export interface StockAlertRecipient {
  userId: string;
  role: 'pharmacist' | 'admin';
}

const ALERT_KEY_TTL_SECONDS = 2 * 24 * 3600;

/** Sends today's stock alerts that have not gone out yet; the number of alerts sent (not recipients). */
export async function stockAlerts(deps: StockAlertDeps, now = new Date()): Promise<number> {
  const { db } = deps;
  const admins = (await listUsers(db, { role: 'admin', limit: 1_000, offset: 0 })).rows.filter((u) => u.active).map((u) => u.id);
  let sent = 0;
  for (const { id: locationId } of await locationZones(db)) {
    const { today, items } = await stockItems(db, locationId, now);
    const alerts: { key: string; notification: NotificationPayload }[] = [];
    for (const item of items.filter(isLow)) {
      alerts.push({
        key: `low:${locationId}:${item.medication.id}`,
        notification: {
          type: 'stock_low',
          title: 'Low stock',
          body: `${item.medication.name}: ${item.onHand} on hand, minimum ${item.minimum}`,
          data: { locationId, medicationId: item.medication.id, onHand: item.onHand, minimum: item.minimum },
        },
      });
    }
    const horizon = addDays(today, deps.expiryAlertDays);
    for (const item of items) {
      for (const lot of item.lots.filter((l) => l.expiresOn >= today && l.expiresOn <= horizon)) {
        alerts.push({
          key: `expiring:${lot.id}`,
          notification: {
            type: 'stock_expiring',
            title: 'A lot expires soon',
            body: `${item.medication.name}, batch ${lot.batchNumber}: ${lot.onHand} expire on ${lot.expiresOn}`,
            data: { locationId, medicationId: item.medication.id, lotId: lot.id, expiresOn: lot.expiresOn, onHand: lot.onHand },
          },
        });
      }
    }
    if (!alerts.length) continue;
    const recipients: StockAlertRecipient[] = [
      ...(await usersAtLocation(db, locationId, 'pharmacist')).map((userId) => ({ userId, role: 'pharmacist' as const })),
      ...admins.map((userId) => ({ userId, role: 'admin' as const })),
    ];
    for (const { key, notification } of alerts) {
      const claimed = await deps.redis.set(`${deps.redisPrefix}stock-alert:${today}:${key}`, '1', 'EX', ALERT_KEY_TTL_SECONDS, 'NX');
      if (claimed !== 'OK') continue;
      sent++;
      for (const to of recipients) {
        await deps.deliver(to, notification, `${today}:${key}`);
        await deps.mail?.(to.userId, notification).catch(() => undefined);
      }
    }
  }
  return sent;
}
