// Payment notices end to end: billing's outbox events as the ledger's callers append them, the
// worker (planner + sender) in this process, email into a real SMTP server, SMS into a local HTTP
// gateway, in-app over the patient's socket. A payment is announced once per channel however often
// its event is planned, with the receipt link and never what was billed; a refund announces
// nothing; a failed online checkout says nothing was charged, once.
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../db/ids.js';
import { onlineCheckouts, outboxEvents } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { appendBillingEvent } from '../../../server/modules/billing/events.js';
import { addLines, createInvoice, lockInvoice, lockPayment, recordPayment, recordRefund } from '../../../server/modules/billing/ledger.js';
import { rowsOfSubject } from '../../../server/modules/notifications/log.js';
import { planPaymentEvent } from '../../../server/modules/notifications/payment-planner.js';
import { expectInvoiceConsistent } from '../../support/billing.js';
import { type Mail, smsReceiver, smtpCatcher, startWorker } from '../../support/notifications.js';
import { type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { connected, recorder, socketPool } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

const PUBLIC_URL = 'https://clinic.example.test';
/** What was billed: none of it may appear in any message. */
const BILLED = ['Amoxicillin', 'amoxicillin', '500 mg', 'Chest X-ray'];

let hub: TestHub;
let base: string;
let clinic: PrescribingClinic;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
let queues: ReturnType<typeof openQueues>;
let worker: Awaited<ReturnType<typeof startWorker>>;
const sockets = socketPool();

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({ SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url, QUIET_HOURS: 'off', PUBLIC_URL });
  base = await listenOnLoopback(hub.app);
  clinic = await prescribingClinic(hub);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
  worker = await startWorker(hub.env);
});
afterAll(async () => {
  sockets.closeAll();
  await worker.close();
  await queues.close();
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

const about = (number: string) => (m: Mail) => m.decoded.includes(number);
const expectNothingBilled = (text: string) => {
  for (const word of BILLED) expect(text).not.toContain(word);
};

/** Every outbox event planned and nothing waiting, running or delayed: a late duplicate would be here by now. */
async function settled() {
  await vi.waitFor(
    async () => {
      expect(await hub.app.db.$count(outboxEvents, isNull(outboxEvents.notificationsPlannedAt))).toBe(0);
      expect(await queues.notifications.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')).toBe(0);
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** An invoice whose lines name a medicine and a test. */
async function billedInvoice() {
  const appointmentId = await startedVisit(hub, clinic);
  const invoice = await transactionWithRetry(hub.app.db, async (tx) => {
    const inv = await createInvoice(tx, {
      patientId: clinic.patient.patientId,
      appointmentId,
      locationId: clinic.location.id,
      currency: 'USD',
      createdBy: null,
    });
    return addLines(tx, inv, [
      { kind: 'medication', description: 'Amoxicillin 500 mg capsules', quantity: 2, unitAmountMinor: 1_250, createdBy: null },
      { kind: 'other', description: 'Chest X-ray', quantity: 1, unitAmountMinor: 2_000, createdBy: null },
    ]);
  });
  await expectInvoiceConsistent(hub.app.db, invoice.id);
  return invoice;
}

describe('payment notices', () => {
  it('payment received: one email, SMS and in-app notice with the receipt link, however often planned; a refund sends none', async () => {
    const socket = sockets.open(base, clinic.patient.token);
    const inApp = recorder<{ type: string; title: string; body: string; data: Record<string, unknown> }>(socket, 'notification');
    await connected(socket);
    const invoice = await billedInvoice();
    const payment = await transactionWithRetry(hub.app.db, async (tx) => {
      const paid = await recordPayment(tx, await lockInvoice(tx, invoice.id), {
        method: 'cash',
        gateway: 'desk',
        amountMinor: 4_500,
        receivedBy: null,
      });
      await appendBillingEvent(tx, 'payment.recorded', paid.invoice, { payment: paid.payment });
      // The same event twice (a replayed outbox row): still one message per channel.
      await appendBillingEvent(tx, 'payment.recorded', paid.invoice, { payment: paid.payment });
      return paid.payment;
    });
    await expectInvoiceConsistent(hub.app.db, invoice.id);
    const link = `${PUBLIC_URL}/patient?invoice=${invoice.id}#invoices`;
    await smtp.untilMails((all) => all.some(about(invoice.number)));
    await sms.until((all) => all.some((t) => t.body.includes(invoice.number)));
    await vi.waitFor(() => expect(inApp.seen.some((n) => n.type === 'payment_received')).toBe(true));
    await settled();

    // A refund of part of it: no "payment received" for the money going back.
    const refund = await transactionWithRetry(hub.app.db, async (tx) => {
      const { invoice: inv, payment: p } = await lockPayment(tx, payment.id);
      const done = await recordRefund(tx, inv, p, { amountMinor: 1_000, reason: 'Overcharged', refundedBy: null });
      await appendBillingEvent(tx, 'refund.recorded', done.invoice, { refund: done.refund });
      return done.refund;
    });
    await expectInvoiceConsistent(hub.app.db, invoice.id);
    // The planner runs again over the payment's event (the worker's and this one): nothing new.
    const [event] = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'payment.recorded'));
    await planPaymentEvent(
      {
        db: hub.app.db,
        notifications: queues.notifications,
        offsets: [],
        quietHours: { startHour: 0, endHour: 0 },
        feedbackDelayMs: hub.config.feedback.delay.ms,
      },
      event!,
      new Date(),
    );
    await settled();

    const mails = smtp.mails.filter(about(invoice.number));
    const texts = sms.messages.filter((t) => t.body.includes(invoice.number));
    expect(mails).toHaveLength(1);
    expect(texts).toHaveLength(1);
    const sentence = `We received your payment of $45.00 for invoice ${invoice.number} (receipt ${payment.receiptNumber}). Your receipt: ${link}`;
    expect(mails[0]!.subject).toBe(`Payment received: ${invoice.number}`);
    expect(mails[0]!.to).toContain(clinic.patient.email);
    expect(mails[0]!.decoded).toContain(sentence);
    expect(mails[0]!.decoded).not.toContain('BEGIN:VCALENDAR');
    expect(texts[0]!.body).toBe(`${clinic.location.name}: ${sentence}`);
    for (const text of [mails[0]!.raw, mails[0]!.decoded, texts[0]!.body]) expectNothingBilled(text);
    expect(inApp.seen.filter((n) => n.type === 'payment_received')).toEqual([
      {
        type: 'payment_received',
        title: 'Payment received',
        body: `Payment of $45.00 received for invoice ${invoice.number}`,
        data: {
          invoiceId: invoice.id,
          invoiceNumber: invoice.number,
          url: link,
          paymentId: payment.id,
          receiptNumber: payment.receiptNumber,
        },
      },
    ]);
    const rows = await rowsOfSubject(hub.app.db, payment.id, 'payment_received');
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['email', 'sent'],
      ['in_app', 'sent'],
      ['sms', 'sent'],
    ]);
    expect(await rowsOfSubject(hub.app.db, refund.id, 'payment_received')).toEqual([]);
  });

  it('payment failed: once per failed checkout, "nothing was charged", and the way to pay', async () => {
    const invoice = await billedInvoice();
    const checkoutId = newId();
    await transactionWithRetry(hub.app.db, async (tx) => {
      await tx.insert(onlineCheckouts).values({
        id: checkoutId,
        invoiceId: invoice.id,
        paymentIntentId: `pi_${checkoutId}`,
        amountMinor: 4_500,
        currency: 'USD',
        status: 'failed',
        failureCode: 'card_declined',
        createdBy: clinic.patient.userId!,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      await appendBillingEvent(tx, 'payment.failed', await lockInvoice(tx, invoice.id), { checkoutId });
    });
    await smtp.untilMails((all) => all.some(about(invoice.number)));
    await sms.until((all) => all.some((t) => t.body.includes(invoice.number)));
    await settled();
    const mails = smtp.mails.filter(about(invoice.number));
    const texts = sms.messages.filter((t) => t.body.includes(invoice.number));
    expect(mails).toHaveLength(1);
    expect(texts).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Payment did not go through: ${invoice.number}`);
    const sentence =
      `Your payment of $45.00 for invoice ${invoice.number} did not go through; nothing was charged. ` +
      `Please try again (${PUBLIC_URL}/patient?invoice=${invoice.id}#invoices) or pay at the desk.`;
    expect(mails[0]!.decoded).toContain(sentence);
    expect(texts[0]!.body).toBe(`${clinic.location.name}: ${sentence}`);
    for (const text of [mails[0]!.raw, mails[0]!.decoded, texts[0]!.body]) expectNothingBilled(text);
    expect((await rowsOfSubject(hub.app.db, checkoutId, 'payment_failed')).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    await expectInvoiceConsistent(hub.app.db, invoice.id);
  });
});
