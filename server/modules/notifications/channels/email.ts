// Email over SMTP (SMTP_URL) with nodemailer: text and HTML, and for a visit a calendar attachment
// (a prescription or payment notice or a feedback request has none).
import nodemailer from 'nodemailer';
import { isFeedbackFacts, renderFeedbackEmail } from '../feedback-messages.js';
import { renderEmail } from '../messages.js';
import { isPaymentFacts, renderPaymentEmail } from '../payment-messages.js';
import { isPrescriptionFacts, renderPrescriptionEmail } from '../prescription-messages.js';
import { type ChannelAdapter, type Delivery, PermanentSendError } from './types.js';

/** The mail's parts; only a visit's message carries a calendar entry. */
function mailOf(facts: Delivery['facts']) {
  if (isPrescriptionFacts(facts)) return { ...renderPrescriptionEmail(facts), calendar: null };
  if (isPaymentFacts(facts)) return { ...renderPaymentEmail(facts), calendar: null };
  if (isFeedbackFacts(facts)) return { ...renderFeedbackEmail(facts), calendar: null };
  const visit = renderEmail(facts);
  return { ...visit, calendar: { method: visit.icsMethod, filename: 'appointment.ics', content: visit.ics } };
}

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
      const mail = mailOf(facts);
      try {
        const info = await transport.sendMail({
          from,
          to: to.email,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // The same row always carries the same Message-ID: a repeat is recognisable downstream.
          messageId: `<${rowId}@clinic-hub>`,
          ...(mail.calendar ? { icalEvent: mail.calendar } : {}),
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
