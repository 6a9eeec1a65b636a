// Notification templates end to end: an admin words a message over HTTP, and the next real
// message says it: email into a real SMTP server (subject, text and the escaped HTML part, the
// calendar invite as before), SMS into a local HTTP gateway, in-app over the patient's socket.
// The wording is the patient's language's, else the location's, else English, else the built-in
// one; a refused wording stores nothing; reset brings the built-in wording back.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notificationTemplates } from '../../../db/schema/index.js';
import { type Actor, bearer } from '../../support/factories.js';
import { type Mail, smsReceiver, smtpCatcher, startWorker } from '../../support/notifications.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { connected, recorder, socketPool } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

const REASON = 'Persistent cough since March';
const URL_OF = (kind: string, channel: string, language: string) => `/api/notification-templates/${kind}/${channel}/${language}`;

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
const morning = zoneWhereItIsMorning();
const sockets = socketPool();
let slot = 0;
/** Each booking takes the next half hour from 13:00 (the doctors work until 18:00). */
let visits = 0;

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({ SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url, QUIET_HOURS: 'off' });
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub, morning.zone);
  // Reminders a day ahead: a visit booked for later today gets its confirmation only.
  worker = await startWorker(hub.env, { REMINDER_OFFSETS: 'P1D' });
});
afterAll(async () => {
  sockets.closeAll();
  await worker.close();
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

const call = (actor: Actor, method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** A patient of the desk's, with an email address and a phone, in their language. */
async function newPatient(firstName: string, preferredLanguage?: string) {
  const email = `tpl.${Date.now().toString(36)}.${slot}@test.example`;
  const res = await call(clinic.receptionist, 'POST', '/api/patients', {
    firstName,
    lastName: `Template${slot++}`,
    dateOfBirth: '1985-05-05',
    phone: '+49 151 2345678',
    email,
    password: 'long enough password',
    ...(preferredLanguage ? { preferredLanguage } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  const login = await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'long enough password' } });
  return { patientId: res.json().id as string, email, token: login.json().accessToken as string };
}

/** Books the next free half hour of today (in the clinic's morning zone) and waits for its confirmation's email and SMS. */
async function bookAndReceive(patientId: string, email: string, at = clinic) {
  const hour = 13 + Math.floor(visits / 2);
  const startAt = todayAt(morning.offsetHours, `${hour}:${visits++ % 2 ? '30' : '00'}`);
  const res = await call(at.receptionist, 'POST', '/api/appointments', {
    doctorId: at.doctor.doctorId,
    patientId,
    startAt,
    reason: REASON,
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id, bookingReference } = res.json() as { id: string; bookingReference: string };
  const [mail] = (await smtp.untilMails((all) => all.some((m) => m.to.includes(email)))).filter((m) => m.to.includes(email));
  const [text] = (await sms.until((all) => all.some((t) => t.body.includes(bookingReference)))).filter((t) =>
    t.body.includes(bookingReference),
  );
  return { id, bookingReference, mail: mail as Mail, sms: text?.body ?? '' };
}

/** The HTML part of a message, quoted-printable undone. */
const htmlPart = (mail: Mail) =>
  /Content-Type: text\/html[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/i.exec(mail.decoded)?.[1] ?? '';
const storedRows = async () => (await hub.app.db.select({ n: count() }).from(notificationTemplates))[0]?.n;

describe('an admin’s wording', () => {
  it('changes the next real email (subject and body) and the next SMS; the calendar invite stays', async () => {
    const before = await newPatient('Carla');
    const old = await bookAndReceive(before.patientId, before.email);
    expect(old.mail.subject).toMatch(/^Appointment booked: /);
    expect(old.sms).toMatch(/^Your appointment at /);

    const email = await call(clinic.admin, 'PUT', URL_OF('appointment_confirmation', 'email', 'en'), {
      subject: 'See you soon at {{locationName}}',
      body: 'Dear {{patientFirstName}},\n\nwe look forward to {{startLocal}}.\nYour reference is {{bookingReference}}.\n\n{{locationName}}, {{locationPhone}}',
    });
    expect(email.statusCode, email.body).toBe(200);
    expect(email.json()).toMatchObject({ kind: 'appointment_confirmation', channel: 'email', language: 'en', isDefault: false });
    expect(email.json().placeholders).toContain('bookingReference');
    const text = await call(clinic.admin, 'PUT', URL_OF('appointment_confirmation', 'sms', 'en'), {
      body: '{{locationName}}: booked for {{startLocal}} (ref {{bookingReference}}).',
    });
    expect(text.statusCode, text.body).toBe(200);
    const title = await call(clinic.admin, 'PUT', URL_OF('appointment_confirmation', 'in_app', 'en'), {
      subject: 'Booked!',
      body: 'We look forward to {{startLocal}}.',
    });
    expect(title.statusCode, title.body).toBe(200);

    const dora = await newPatient('Dora');
    const socket = sockets.open(base, dora.token);
    const inApp = recorder<{ type: string; title: string; body: string }>(socket, 'notification');
    await connected(socket);
    const next = await bookAndReceive(dora.patientId, dora.email);
    const location = clinic.location.name as string;
    expect(next.mail.subject).toBe(`See you soon at ${location}`);
    expect(next.mail.decoded).toContain('Dear Dora,');
    expect(next.mail.decoded).toContain(`Your reference is ${next.bookingReference}.`);
    expect(htmlPart(next.mail)).toContain('<p>Dear Dora,</p>');
    expect(next.mail.decoded).toMatch(/BEGIN:VCALENDAR[\s\S]*METHOD:REQUEST[\s\S]*UID:[^\r\n]*@clinic-hub/);
    expect(next.sms).toMatch(new RegExp(`^${location}: booked for .+ \\(ref ${next.bookingReference}\\)\\.$`));
    await vi.waitFor(() => expect(inApp.seen.some((n) => n.type === 'appointment_confirmation')).toBe(true));
    expect(inApp.seen.find((n) => n.type === 'appointment_confirmation')).toMatchObject({ title: 'Booked!' });
    for (const message of [next.mail.raw, next.mail.decoded, next.sms, JSON.stringify(inApp.seen)]) expect(message).not.toContain('cough');
  });

  it('is the patient’s language’s, else the location’s, else English', async () => {
    const de = await call(clinic.admin, 'PUT', URL_OF('appointment_confirmation', 'email', 'de'), {
      subject: 'Termin gebucht: {{locationName}}',
      body: 'Hallo {{patientFirstName}}, Ihr Termin ist am {{startLocal}}.',
    });
    expect(de.statusCode, de.body).toBe(200);
    const german = await newPatient('Greta', 'de');
    const greta = await bookAndReceive(german.patientId, german.email);
    expect(greta.mail.subject).toBe(`Termin gebucht: ${clinic.location.name}`);
    // The date in the wording's language.
    expect(greta.mail.decoded).toMatch(/Ihr Termin ist am \w+, \d+\. \w+ \d{4}/);

    // French: no French wording, the location speaks English → the admin's English wording.
    const french = await newPatient('Fanny', 'fr');
    expect((await bookAndReceive(french.patientId, french.email)).mail.subject).toBe(`See you soon at ${clinic.location.name}`);

    // A Dutch clinic: the French patient there gets the Dutch wording.
    const dutch = await bookableClinic(hub, morning.zone);
    const patched = await call(clinic.admin, 'PATCH', `/api/locations/${dutch.location.id}` as string, { language: 'nl' });
    expect(patched.statusCode, patched.body).toBe(200);
    const nl = await call(clinic.admin, 'PUT', URL_OF('appointment_confirmation', 'email', 'nl'), {
      subject: 'Afspraak bij {{locationName}}',
      body: 'Hallo {{patientFirstName}}.',
    });
    expect(nl.statusCode, nl.body).toBe(200);
    const there = await newPatient('Flore', 'fr');
    expect((await bookAndReceive(there.patientId, there.email, dutch)).mail.subject).toBe(`Afspraak bij ${dutch.location.name}`);
  });

  it('escapes HTML in a patient’s name in the email’s HTML part; the text part stays plain', async () => {
    const bo = await newPatient('<b>Bo</b>');
    const { mail } = await bookAndReceive(bo.patientId, bo.email);
    const html = htmlPart(mail);
    expect(html).toContain('Dear &lt;b&gt;Bo&lt;/b&gt;,');
    expect(html).not.toContain('<b>');
    expect(mail.decoded).toMatch(/Content-Type: text\/plain[\s\S]*Dear <b>Bo<\/b>,/);
  });
});

describe('refusals', () => {
  it('an unknown placeholder is refused with 400 UNKNOWN_PLACEHOLDER, and nothing is stored', async () => {
    const rows = await storedRows();
    const res = await call(clinic.admin, 'PUT', URL_OF('appointment_reminder', 'email', 'en'), {
      subject: 'Reminder',
      body: 'Your visit about {{reason}} is at {{startLocal}}.',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', details: { placeholder: 'reason', field: 'body' } });
    expect(res.json().details.allowed).toEqual(expect.arrayContaining(['startLocal', 'locationName', 'bookingReference']));
    expect(await storedRows()).toBe(rows);
    const listed = (await call(clinic.admin, 'GET', '/api/notification-templates?language=en')).json().templates as {
      kind: string;
      channel: string;
      isDefault: boolean;
    }[];
    expect(listed.find((t) => t.kind === 'appointment_reminder' && t.channel === 'email')?.isDefault).toBe(true);
  });

  it('an SMS that would be longer than three segments with long real values is refused with 400 SMS_TOO_LONG', async () => {
    const rows = await storedRows();
    const res = await call(clinic.admin, 'PUT', URL_OF('feedback_request', 'sms', 'en'), {
      body: `${'Thank you for choosing us. '.repeat(14)}Rate it here: {{link}}`,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SMS_TOO_LONG', details: { maxLength: 480 } });
    expect(await storedRows()).toBe(rows);
  });
});

describe('reset and the list', () => {
  it('DELETE goes back to the built-in wording, for the list and for the next email', async () => {
    const url = URL_OF('appointment_confirmation', 'email', 'en');
    expect((await call(clinic.admin, 'DELETE', url)).statusCode).toBe(204);
    expect((await call(clinic.admin, 'DELETE', url)).statusCode).toBe(204); // already the built-in one: still 204
    const listed = (await call(clinic.admin, 'GET', '/api/notification-templates?language=en')).json().templates as {
      kind: string;
      channel: string;
      subject: string | null;
      body: string;
      isDefault: boolean;
    }[];
    expect(listed).toHaveLength(11 * 3);
    expect(listed.find((t) => t.kind === 'appointment_confirmation' && t.channel === 'email')).toMatchObject({
      isDefault: true,
      subject: 'Appointment booked: {{locationName}}, {{startLocal}}',
    });
    // The SMS wording stays the admin's: only what was reset is.
    expect(listed.find((t) => t.kind === 'appointment_confirmation' && t.channel === 'sms')?.isDefault).toBe(false);

    const eve = await newPatient('Eve');
    const received = await bookAndReceive(eve.patientId, eve.email);
    expect(received.mail.subject.startsWith(`Appointment booked: ${clinic.location.name}, `)).toBe(true);
    expect(received.mail.subject).toMatch(/, \w+day \d+ \w+ \d{4} at \d\d:\d\d /);
    expect(received.mail.decoded).toContain('Hello Eve,');
    expect(received.sms).toContain('booked for');
  });

  it('without a language, lists English and every location’s language; the audit keeps the subject, names the body', async () => {
    const all = (await call(clinic.admin, 'GET', '/api/notification-templates')).json().templates as { language: string }[];
    expect([...new Set(all.map((t) => t.language))]).toEqual(['en', 'nl']);
    const entries = () =>
      hub.app.mongo.db
        .collection('audit_events')
        .find({ targetType: 'notification-template', targetId: 'appointment_confirmation/email/de' })
        .toArray();
    await vi.waitFor(async () => expect(await entries()).toHaveLength(1));
    const [entry] = await entries();
    expect(entry).toMatchObject({ actorId: clinic.admin.userId, outcome: 'ok', statusCode: 200 });
    expect(entry?.changes).toEqual(
      expect.arrayContaining([
        { field: 'subject', from: 'Appointment booked: {{locationName}}, {{startLocal}}', to: 'Termin gebucht: {{locationName}}' },
        { field: 'body' },
      ]),
    );
  });

  it('preview renders a wording with a sample visit, escaped, without storing it', async () => {
    const rows = await storedRows();
    const res = await call(clinic.admin, 'POST', '/api/notification-templates/preview', {
      kind: 'feedback_request',
      channel: 'email',
      language: 'en',
      subject: 'How was {{locationName}}?',
      body: 'Hi {{patientFirstName}} <3\n\nRate your visit{{#doctorName}} with {{doctorName}}{{/doctorName}}: {{link}}',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.subject).toMatch(/^How was .+\?$/);
    expect(body.text).toMatch(/^Hi \w+ <3\n\nRate your visit with Dr\. .+: https:\/\//);
    expect(body.html).toMatch(/^<p>Hi \w+ &lt;3<\/p>\n<p>Rate your visit with Dr\. .+: <a href="https:\/\/[^"]+">/);
    expect(await storedRows()).toBe(rows);
    const sms = await call(clinic.admin, 'POST', '/api/notification-templates/preview', {
      kind: 'payment_failed',
      channel: 'sms',
      language: 'de',
      body: '{{amount}} offen: {{receiptUrl}}',
    });
    expect(sms.json()).toEqual({ subject: null, text: expect.stringMatching(/^\S+ offen: https:\/\//) });

    // A preview changes nothing and the editor asks for one on every pause: no audit entry for those
    // it answered; one it refused is still recorded.
    const refused = await call(clinic.receptionist, 'POST', '/api/notification-templates/preview', {
      kind: 'payment_failed',
      channel: 'sms',
      language: 'de',
      body: 'x',
    });
    expect(refused.statusCode).toBe(403);
    const previews = (outcome: string) =>
      hub.app.mongo.db.collection('audit_events').countDocuments({ action: 'POST /api/notification-templates/preview', outcome });
    await vi.waitFor(async () => expect(await previews('denied')).toBe(1));
    expect(await previews('ok')).toBe(0);
  });
});

describe('the table', () => {
  it('holds one row per kind, channel and language, with who saved it', async () => {
    const rows = await hub.app.db.select().from(notificationTemplates).where(eq(notificationTemplates.kind, 'appointment_confirmation'));
    expect(rows.map((r) => `${r.channel}/${r.language}`).sort()).toEqual(['email/de', 'email/nl', 'in_app/en', 'sms/en']);
    expect(rows.every((r) => r.updatedBy === clinic.admin.userId)).toBe(true);
  });
});
