// Stock alerts by email to staff (pharmacists, admins), besides in-app: SMTP_URL's relay, one
// plain message per alert and person. Best effort: an alert is claimed once a day before it is
// sent (daily.ts), so a failed email is not retried; the in-app copy is kept for the next sign-in.
import nodemailer from 'nodemailer';
import type { Database } from '../../../db/mysql.js';
import type { NotificationPayload } from '../live/events.js';
import { findUser } from '../users/repository.js';

export function staffAlertMailer(db: Database, smtpUrl: string, from: string, publicUrl: string) {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const stockPage = `${publicUrl.replace(/\/+$/, '')}/pharmacy?view=stock`;
  return async (userId: string, n: NotificationPayload): Promise<void> => {
    const user = await findUser(db, userId);
    if (!user?.email || !user.active) return;
    await transport.sendMail({
      from,
      to: user.email,
      subject: `${n.title}: ${n.body}`,
      text: `${n.body}\n\nThe stock page: ${stockPage}\n`,
    });
  };
}
