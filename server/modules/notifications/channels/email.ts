// Email over SMTP (SMTP_URL) with nodemailer: text and HTML, and for a visit a calendar attachment
// (a prescription or payment notice has none).
import nodemailer from 'nodemailer';
import { renderEmail } from '../messages.js';
import { isPaymentFacts, renderPaymentEmail } from '../payment-messages.js';
import { isPrescriptionFacts, type PrescriptionFacts, renderPrescriptionEmail } from '../prescription-messages.js';
import { type ChannelAdapter, type Delivery, PermanentSendError } from './types.js';

export function emailChannel(smtpUrl: string, from: string, opts: { maxConnections?: number } = {}): ChannelAdapter {
  // Pooled connections: a burst of reminders at 09:00 reuses sessions instead of a handshake each.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    // A dropped connection fails the send instead of queueing it again inside nodemailer: the
    // job's own retry takes over, and a send never outlives the claim lease unseen.
    maxRequeues: 0,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send({ rowId, facts, to }: Delivery) {
      if (!to.email) throw new PermanentSendError('no email address');
      const visitMail = isPrescriptionFacts(facts) || isPaymentFacts(facts) ? null : renderEmail(facts);
      const mail = visitMail ?? (isPaymentFacts(facts) ? renderPaymentEmail(facts) : renderPrescriptionEmail(facts as PrescriptionFacts));
      try {
        const info = await transport.sendMail({
          from,
          to: to.email,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // The same row always carries the same Message-ID: a repeat is recognisable downstream.
          messageId: `<${rowId}@clinic-hub>`,
          ...(visitMail ? { icalEvent: { method: visitMail.icsMethod, filename: 'appointment.ics', content: visitMail.ics } } : {}),
        });
        return info.messageId ?? null;
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx is the server's final word about this message (bad address, refused content).
        if (code !== undefined && code >= 500) throw new PermanentSendError(`SMTP ${code}`);
        throw err;
      }
    },
    close: async () => transport.close(),
  };
}
