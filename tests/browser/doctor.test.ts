// The doctor console in real Chromium against a real hub: the live queue worked from the
// keyboard (call next, start, complete, undo), a patient's message shown live and the doctor's
// reply reaching the patient, the SOAP note with versions, axe-core and the screenshot; then the
// first-day findings of issue 13: an unsaved note is never dropped silently, two pages editing
// one note meet a conflict instead of overwriting, No-show and Complete are confirmed and No-show
// waits for the call to be some minutes old, today's schedule stays inside its card, and a US
// clinic types vitals in °F and lb while °C and kg are stored.
// Long file: one served hub and one Chromium carry every console scenario; each file would start its own.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../db/schema/index.js';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { consoleHelpers, eventually, focused, hhmm, SLOW, sameDocument, type Visit } from '../support/doctor-console.js';
import { type Actor, login, PASSWORD } from '../support/factories.js';
import { at } from '../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';
import { client, connected, emitAck, recorder } from '../support/sockets.js';

let served: ServedClinic;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
});
afterAll(async () => {
  await browser.close();
  await served.close();
});

interface Sent {
  ok: boolean;
  message: { id: string; body: string; senderId: string };
}

const {
  http,
  registered,
  ownDoctor,
  walkIn: walkInFor,
  consoleOf,
} = consoleHelpers(
  () => served,
  () => browser,
);

describe('the doctor console', () => {
  it(
    'shows a checked-in patient live; call next, start and complete (confirmed) by keyboard; undo a call',
    async () => {
      const { doctor, receptionist } = served.clinic;
      const [first, second] = await Promise.all([
        registered({ firstName: 'Lena', lastName: 'Fischer' }),
        registered({ firstName: 'Omar', lastName: 'Haddad' }),
      ]);
      const page = await consoleOf(doctor);
      const queue = page.getByRole('region', { name: 'Queue' });
      const waiting = queue.getByRole('list', { name: 'Waiting patients' });
      const serving = queue.locator('.serving');
      const callNext = queue.getByRole('button', { name: 'Call next' });

      await eventually(() => queue.getByText('Nobody is waiting.').count()).toBe(1);
      await callNext.click();
      await eventually(() => queue.getByRole('alert').textContent()).toBe('Nobody is waiting right now, so there is no one to call.');

      const walkIn = await http<Visit>(receptionist, 'POST', '/api/walk-ins', {
        doctorId: doctor.doctorId,
        patientId: first.patientId,
        reason: 'Sore throat since Monday',
      });
      await eventually(() => waiting.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(walkIn.ticket)]);
      const entry = (await waiting.getByRole('listitem').first().textContent()) ?? '';
      expect(entry).toContain('Lena Fischer');
      expect(entry).toContain('Sore throat since Monday');
      await waiting.getByRole('button', { name: 'Open the record of Lena Fischer' }).press('Enter');
      await eventually(() => focused(page)).toBe(`Patient: Lena Fischer (${walkIn.ticket})`);

      await callNext.click();
      await eventually(() => serving.textContent()).toBe(`Now serving${walkIn.ticket} Lena Fischer Called`);
      await eventually(() => queue.getByRole('alert').count()).toBe(0);
      expect(await page.getByRole('heading', { name: `Patient: Lena Fischer (${walkIn.ticket})` }).count()).toBe(1);
      await eventually(() => focused(page)).toBe('Start visit');
      await page.keyboard.press('Enter');
      await eventually(() => serving.textContent()).toContain('In the room');
      await eventually(() => focused(page)).toBe('Complete visit');
      await page.keyboard.press('Enter');
      // Asked once more, the answer in reach of the same key.
      const ask = page.getByRole('dialog', { name: `Complete the visit of ${walkIn.ticket} Lena Fischer?` });
      await eventually(() => focused(page)).toBe('Yes, complete the visit');
      expect(await ask.isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      await eventually(() => serving.textContent()).toContain('Nobody is with you.');
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${walkIn.id}`)).status).toBe('completed');
      const schedule = page.getByRole('region', { name: 'Today’s schedule' });
      await eventually(() => schedule.getByRole('row').filter({ hasText: 'Lena Fischer' }).textContent()).toContain('Done');

      // A call made by mistake is taken back.
      const next = await http<Visit>(receptionist, 'POST', '/api/walk-ins', { doctorId: doctor.doctorId, patientId: second.patientId });
      await eventually(() => waiting.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Omar Haddad')]);
      await callNext.click();
      await queue.getByRole('button', { name: 'Undo call' }).click();
      await eventually(() => serving.textContent()).toContain('Nobody is with you.');
      await eventually(() => waiting.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(next.ticket)]);
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${next.id}`)).status).toBe('checked_in');
      expect(await sameDocument(page)).toBe(true);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'shows a patient’s message live, and the reply written in the page reaches the patient',
    async () => {
      const { doctor, receptionist } = served.clinic;
      const patient = await registered({ firstName: 'Jonas', lastName: 'Weber' });
      await http(receptionist, 'POST', '/api/appointments', {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startAt: at(2, '10:00'),
      });
      const thread = await http<{ id: string }>(patient, 'POST', '/api/threads', { doctorId: doctor.doctorId });
      const page = await consoleOf(doctor);
      const messages = page.getByRole('region', { name: /^Messages/ });
      const item = messages.getByRole('button', { name: /Jonas Weber/ });
      await eventually(() => item.textContent()).toContain('No messages yet');

      const ps = client(served.base, patient.token);
      served.sockets.push(ps);
      await connected(ps);
      const heard = recorder<{ threadId: string; message: Sent['message'] }>(ps, 'message:new');
      const receipts = recorder(ps, 'message:read');
      expect((await emitAck(ps, 'thread:join', { threadId: thread.id })).ok).toBe(true);
      const asked = await emitAck<Sent>(ps, 'message:send', {
        threadId: thread.id,
        clientMessageId: randomUUID(),
        body: 'Hello doctor, the rash is spreading to my arms.',
      });
      expect(asked.ok).toBe(true);
      await eventually(() => item.textContent()).toContain('1 unread');
      expect(await item.textContent()).toContain('the rash is spreading');

      await item.click();
      const log = messages.getByRole('log');
      await eventually(() => log.textContent()).toContain('Hello doctor, the rash is spreading to my arms.');
      const [receipt] = await receipts.count(1);
      expect(receipt).toEqual({ threadId: thread.id, userId: doctor.userId, messageId: asked.message.id });
      await eventually(() => item.textContent()).not.toContain('unread');

      ps.emit('typing', { threadId: thread.id, isTyping: true });
      await eventually(() => messages.getByText(/is typing/).textContent()).toBe('Jonas Weber is typing…');
      await emitAck(ps, 'message:send', { threadId: thread.id, clientMessageId: randomUUID(), body: 'Should I stop the new cream?' });
      await eventually(() => log.getByRole('listitem').last().textContent()).toContain('Should I stop the new cream?');
      await eventually(() => messages.getByText(/is typing/).count()).toBe(0);

      const reply = 'Yes, please stop the cream. Come in on Thursday at 10:00.';
      const composer = messages.getByLabel('Message to Jonas Weber');
      await composer.fill(reply);
      await composer.press('Enter');
      const [delivered] = await heard.count(1);
      expect(delivered).toMatchObject({ threadId: thread.id, message: { body: reply, senderId: doctor.userId } });
      const stored = await http<{ messages: { body: string }[] }>(patient, 'GET', `/api/threads/${thread.id}/messages`);
      expect(stored.messages.map((m) => m.body)).toEqual([
        reply,
        'Should I stop the new cream?',
        'Hello doctor, the rash is spreading to my arms.',
      ]);
      await eventually(() => composer.inputValue()).toBe('');
      await eventually(() => log.getByRole('listitem').last().textContent()).toContain('Sent');

      expect((await emitAck(ps, 'message:read', { threadId: thread.id, messageId: delivered?.message.id })).ok).toBe(true);
      await eventually(() => log.getByRole('listitem').last().textContent()).toContain('Read');
      expect(await sameDocument(page)).toBe(true);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'writes the SOAP note of the patient in the room with versions; no serious axe violations; screenshot',
    async () => {
      const { admin, receptionist } = served.clinic;
      const location = await http<{ id: string }>(admin, 'POST', '/api/locations', {
        name: 'Riverside Family Practice',
        address: '12 Mill Road',
        phone: '+49 30 5550123',
        timezone: 'UTC',
      });
      const doctorEmail = `ana.costa.${randomUUID()}@clinic.example`;
      const created = await http<{ id: string; userId: string }>(admin, 'POST', '/api/doctors', {
        firstName: 'Ana',
        lastName: 'Costa',
        email: doctorEmail,
        password: PASSWORD,
        specialization: 'General Practice',
        licenseNumber: `GP-${Date.now()}`,
        locationId: location.id,
        room: '3',
        consultationMinutes: 15,
      });
      const tokens = await login(served.hub, doctorEmail);
      const doctor: Actor = {
        role: 'doctor',
        token: tokens.accessToken,
        email: doctorEmail,
        userId: created.userId,
        doctorId: created.id,
      };
      const [maria, tomas, aiko, samuel] = await Promise.all([
        registered({
          firstName: 'Maria',
          lastName: 'Lopez',
          dateOfBirth: '1987-03-14',
          gender: 'female',
          bloodType: 'A+',
          allergies: ['Penicillin', 'Latex'],
          preferredLanguage: 'es',
        }),
        registered({ firstName: 'Tomás', lastName: 'Berg', dateOfBirth: '1959-11-02', gender: 'male' }),
        registered({ firstName: 'Aiko', lastName: 'Tanaka', dateOfBirth: '1994-07-21', gender: 'female' }),
        registered({ firstName: 'Samuel', lastName: 'Okafor', dateOfBirth: '1978-01-30', gender: 'male' }),
      ]);
      const walkIn = (p: { patientId: string }, reason: string, priority = 'regular') =>
        http<Visit>(receptionist, 'POST', '/api/walk-ins', { doctorId: doctor.doctorId, patientId: p.patientId, reason, priority });
      await walkIn(tomas, 'Blood pressure follow-up');
      await walkIn(maria, 'High fever and productive cough', 'urgent');
      await walkIn(aiko, 'Repeat prescription: asthma inhaler');
      await walkIn(samuel, 'Twisted ankle playing football');

      const thread = await http<{ id: string }>(samuel, 'POST', '/api/threads', { doctorId: doctor.doctorId });
      await http(samuel, 'POST', `/api/threads/${thread.id}/messages`, {
        clientMessageId: randomUUID(),
        body: 'Is it fine to keep walking on the ankle until my turn?',
      });

      const asked = await http<{ id: string }>(maria, 'POST', '/api/threads', { doctorId: doctor.doctorId });
      await http(maria, 'POST', `/api/threads/${asked.id}/messages`, {
        clientMessageId: randomUUID(),
        body: 'I still have a fever this morning. Can I take ibuprofen before I come in?',
      });

      const page = await consoleOf(doctor);
      const queue = page.getByRole('region', { name: 'Queue' });
      await queue.getByRole('button', { name: 'Call next' }).click();
      await eventually(() => queue.locator('.serving').textContent()).toContain('Maria Lopez');
      // The focus moves after the render that shows the call: Enter before it would press nothing.
      await eventually(() => focused(page)).toBe('Start visit');
      await page.keyboard.press('Enter');
      await eventually(() => queue.locator('.serving').textContent()).toContain('In the room');

      const panel = page.getByRole('region', { name: /^Patient: Maria Lopez/ });
      await eventually(() => panel.locator('.allergies').textContent()).toBe('Allergies: Penicillin, Latex');
      await panel.getByLabel('Subjective').fill('Fever up to 39 °C for three days, productive cough, tired.');
      await panel.getByLabel('Objective').fill('Crackles at the right lung base. Throat mildly red.');
      await panel.getByLabel('Temperature (°C)').fill('38.6');
      await panel.getByLabel('Heart rate (/min)').fill('96');
      await panel.getByLabel('SpO₂ (%)').fill('95');
      await panel.getByRole('button', { name: 'Add diagnosis' }).click();
      await panel.getByLabel('Code 1').fill('J20.9');
      await panel.getByLabel('Description 1').fill('Acute bronchitis, unspecified');
      await panel.getByLabel('Plan').fill('Fluids and rest; paracetamol for fever. No penicillin (allergy).');
      await panel.getByRole('button', { name: 'Save note' }).click();
      await expect
        .poll(() => panel.getByRole('status').filter({ hasText: 'saved' }).textContent())
        .toMatch(/^Version 1 saved at \d\d:\d\d\.$/);

      await panel.getByLabel('Code 1').fill('not a code');
      await panel.getByRole('button', { name: 'Save new version' }).click();
      await eventually(() => panel.getByRole('alert').textContent()).toBe('“not a code” is not an ICD-10 code. Codes look like J20.9.');
      await panel.getByLabel('Code 1').fill('J20.9');
      await panel.getByLabel('Follow-up in days').fill('7');
      await panel.getByRole('button', { name: 'Save new version' }).click();
      await eventually(() => panel.getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 2 saved/);
      await expect
        .poll(() => panel.getByRole('button', { name: /^Show version/ }).allTextContents())
        .toEqual(['Show version 2', 'Show version 1']);

      const messages = page.getByRole('region', { name: /^Messages/ });
      await eventually(() => messages.getByRole('button', { name: /Samuel Okafor/ }).textContent()).toContain('1 unread');
      await panel.getByRole('button', { name: 'Write to Maria Lopez' }).click();
      await eventually(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^compose-/);
      await eventually(() => messages.getByRole('log').textContent()).toContain('Can I take ibuprofen before I come in?');
      const reply = 'Please take paracetamol instead; we will talk about the fever in a moment.';
      await page.keyboard.type(reply);
      await page.keyboard.press('Enter');
      await eventually(() => messages.getByRole('log').getByRole('listitem').last().textContent()).toContain(reply);

      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'doctor');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'never drops an unsaved note: opening another record asks (keep editing, save draft, discard); leaving the page asks too',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Ines', lastName: 'Moreau' });
      const [ruth, karl] = await Promise.all([
        registered({ firstName: 'Ruth', lastName: 'Adler' }),
        registered({ firstName: 'Karl', lastName: 'Berger' }),
      ]);
      const first = await walkInFor(doctor, ruth, 'Headache');
      await walkInFor(doctor, karl, 'Back pain');
      const page = await consoleOf(doctor);
      const queue = page.getByRole('region', { name: 'Queue' });
      await queue.getByRole('button', { name: 'Call next' }).click();
      const ruthPanel = page.getByRole('region', { name: /^Patient: Ruth Adler/ });
      await ruthPanel.getByLabel('Subjective').fill('Throbbing headache since this morning.');
      const openKarl = queue.getByRole('button', { name: 'Open the record of Karl Berger' });

      // Keep editing: nothing changes, the text is still there.
      await openKarl.click();
      const ask = page.getByRole('dialog', { name: 'The note has unsaved changes' });
      await eventually(() => ask.isVisible()).toBe(true);
      expect(await focused(page)).toBe('Keep editing');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await ask.getByRole('button', { name: 'Keep editing' }).click();
      await eventually(() => ask.count()).toBe(0);
      expect(await ruthPanel.getByLabel('Subjective').inputValue()).toBe('Throbbing headache since this morning.');
      // Escape is "keep editing" too.
      await openKarl.click();
      await eventually(() => ask.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await eventually(() => ask.count()).toBe(0);
      expect(await ruthPanel.count()).toBe(1);

      // Save draft: stored as a version that is not final, then Karl's record opens.
      await openKarl.click();
      await ask.getByRole('button', { name: 'Save draft' }).click();
      await eventually(() => page.getByRole('heading', { name: /^Patient: Karl Berger/ }).count()).toBe(1);
      const { notes } = await http<{ notes: { id: string; version: number; final: boolean; soap: { subjective: string } }[] }>(
        doctor,
        'GET',
        `/api/notes?appointmentId=${first.id}`,
      );
      expect(notes).toEqual([
        expect.objectContaining({
          version: 1,
          final: false,
          soap: expect.objectContaining({ subjective: 'Throbbing headache since this morning.' }),
        }),
      ]);

      // Back to Ruth: the draft is there; a change discarded on leaving is not stored.
      const schedule = page.getByRole('region', { name: 'Today’s schedule' });
      await schedule.getByRole('button', { name: /^Open the record of Ruth Adler/ }).click();
      await eventually(() => ruthPanel.getByLabel('Subjective').inputValue()).toBe('Throbbing headache since this morning.');
      await ruthPanel.getByLabel('Subjective').fill('Changed my mind.');
      await openKarl.click();
      await ask.getByRole('button', { name: 'Discard' }).click();
      await eventually(() => page.getByRole('heading', { name: /^Patient: Karl Berger/ }).count()).toBe(1);
      const after = await http<{ version: number; soap: { subjective: string } }>(doctor, 'GET', `/api/notes/${notes[0]?.id}`);
      expect(after).toMatchObject({ version: 1, soap: { subjective: 'Throbbing headache since this morning.' } });

      // Leaving the page with unsaved text: the browser asks (and staying keeps the page).
      const karlPanel = page.getByRole('region', { name: /^Patient: Karl Berger/ });
      await karlPanel.getByLabel('Subjective').fill('Lower back pain after lifting.');
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (d) => {
          resolve(d.type());
          void d.dismiss();
        }),
      );
      await page.close({ runBeforeUnload: true });
      expect(await asked).toBe('beforeunload');
      expect(page.isClosed()).toBe(false);
      expect(await karlPanel.getByLabel('Subjective').inputValue()).toBe('Lower back pain after lifting.');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'two pages editing one note: the second save shows the newer version beside its text; overwrite on purpose, or reload it',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Paul', lastName: 'Novak' });
      const vera = await registered({ firstName: 'Vera', lastName: 'Lindqvist' });
      const visit = await walkInFor(doctor, vera, 'Cough');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      const note = await http<{ id: string }>(doctor, 'POST', `/api/appointments/${visit.id}/notes`, {
        subjective: 'Cough for a week.',
        objective: {},
        assessment: { diagnoses: [] },
        plan: {},
      });
      const [one, two] = [await consoleOf(doctor), await consoleOf(doctor)];
      const panel = (page: Page) => page.getByRole('region', { name: /^Patient: Vera Lindqvist/ });
      for (const page of [one, two]) await eventually(() => panel(page).getByLabel('Subjective').inputValue()).toBe('Cough for a week.');

      await panel(one).getByLabel('Subjective').fill('Cough for a week, worse at night. (page one)');
      await panel(one).getByRole('button', { name: 'Save new version' }).click();
      await eventually(() => panel(one).getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 2 saved/);

      await panel(two).getByLabel('Subjective').fill('Cough and a fever of 38.5. (page two)');
      await panel(two).getByRole('button', { name: 'Save new version' }).click();
      const conflict = panel(two).getByRole('region', { name: /^Version 2 was saved elsewhere at \d\d:\d\d$/ });
      await eventually(() => conflict.count()).toBe(1);
      expect(await panel(two).getByRole('alert').textContent()).toContain('saved elsewhere meanwhile');
      expect(await conflict.getByRole('region', { name: 'Saved version 2' }).textContent()).toContain('(page one)');
      expect(await conflict.getByRole('region', { name: 'Your text (not saved)' }).textContent()).toContain('(page two)');
      expect(await panel(two).getByLabel('Subjective').inputValue()).toBe('Cough and a fever of 38.5. (page two)');
      expect(await seriousA11yViolations(two)).toEqual([]);
      const stored = () => http<{ versions: { soap: { subjective: string } }[] }>(doctor, 'GET', `/api/notes/${note.id}/versions`);
      expect((await stored()).versions).toHaveLength(2);

      await conflict.getByRole('button', { name: 'Save my text as version 3' }).click();
      await eventually(() => panel(two).getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 3 saved/);
      expect(await conflict.count()).toBe(0);
      expect((await stored()).versions.map((v) => v.soap.subjective)).toEqual([
        'Cough for a week.',
        'Cough for a week, worse at night. (page one)',
        'Cough and a fever of 38.5. (page two)',
      ]);

      // Page one now edits on an old base: it meets version 3 and takes it.
      await panel(one).getByLabel('Plan').fill('Rest.');
      await panel(one).getByRole('button', { name: 'Save new version' }).click();
      const back = panel(one).getByRole('region', { name: /^Version 3 was saved elsewhere/ });
      await back.getByRole('button', { name: 'Load version 3 (drop my changes)' }).click();
      await eventually(() => panel(one).getByLabel('Subjective').inputValue()).toBe('Cough and a fever of 38.5. (page two)');
      expect(await panel(one).getByLabel('Plan').inputValue()).toBe('');
      expect((await stored()).versions).toHaveLength(3);
      await one.context().close();
      await two.context().close();
    },
    SLOW,
  );

  it(
    'two pages writing a visit’s first note: the second is shown the first one beside its text, and can save on top of it',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Rosa', lastName: 'Keller' });
      const omar = await registered({ firstName: 'Omar', lastName: 'Sayed' });
      const visit = await walkInFor(doctor, omar, 'Rash');
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      const [one, two] = [await consoleOf(doctor), await consoleOf(doctor)];
      const panel = (page: Page) => page.getByRole('region', { name: /^Patient: Omar Sayed/ });
      await panel(one).getByLabel('Subjective').fill('Itchy rash on both forearms. (page one)');
      await panel(two).getByLabel('Subjective').fill('Rash since Sunday, new detergent. (page two)');
      await panel(one).getByRole('button', { name: 'Save note' }).click();
      await eventually(() => panel(one).getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 1 saved/);
      await panel(two).getByRole('button', { name: 'Save note' }).click();
      const conflict = panel(two).getByRole('region', { name: /^Version 1 was saved elsewhere/ });
      await eventually(() => conflict.getByRole('region', { name: 'Saved version 1' }).textContent()).toContain('(page one)');
      await conflict.getByRole('button', { name: 'Save my text as version 2' }).click();
      await eventually(() => panel(two).getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 2 saved/);
      const { notes } = await http<{ notes: { id: string }[] }>(doctor, 'GET', `/api/notes?appointmentId=${visit.id}`);
      const { versions } = await http<{ versions: { soap: { subjective: string } }[] }>(
        doctor,
        'GET',
        `/api/notes/${notes[0]?.id}/versions`,
      );
      expect(versions.map((v) => v.soap.subjective)).toEqual([
        'Itchy rash on both forearms. (page one)',
        'Rash since Sunday, new detergent. (page two)',
      ]);
      await one.context().close();
      await two.context().close();
    },
    SLOW,
  );

  it(
    'asks before No-show; No-show waits until five minutes after the call and says from when; a refusal shows its time',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Lea', lastName: 'Hoffmann' });
      const [ada, ben] = await Promise.all([
        registered({ firstName: 'Ada', lastName: 'Quist' }),
        registered({ firstName: 'Ben', lastName: 'Rossi' }),
      ]);
      await walkInFor(doctor, ada);
      const page = await consoleOf(doctor);
      const queue = page.getByRole('region', { name: 'Queue' });
      await queue.getByRole('button', { name: 'Call next' }).click();
      await eventually(() => queue.locator('.serving').textContent()).toContain('Ada Quist');
      const [called] = (await http<{ appointments: Visit[] }>(doctor, 'GET', `/api/appointments?doctorId=${doctor.doctorId}&status=called`))
        .appointments;
      const from = hhmm(Date.parse(called?.calledAt as string) + 5 * 60_000);
      const early = queue.getByRole('button', { name: `No-show from ${from}` });
      await eventually(() => early.count()).toBe(1);
      expect(await early.isDisabled()).toBe(true);

      // Five minutes later (the call moved back in time; Ben's arrival then sends the queue afresh,
      // as a repeat subscription may be answered from the node's view of a moment ago), it may be marked.
      await served.hub.app.db
        .update(appointments)
        .set({ calledAt: new Date(Date.now() - 6 * 60_000) })
        .where(eq(appointments.id, called?.id as string));
      await walkInFor(doctor, ben);
      await eventually(() => queue.textContent()).toContain('Ben Rossi');
      const noShow = queue.getByRole('button', { name: 'No-show', exact: true });
      await eventually(() => noShow.isEnabled()).toBe(true);

      // A server that still says "too early" is believed, and its time shown.
      const allowedFrom = new Date(Date.now() + 2_500).toISOString();
      await page.route('**/no-show', (route) =>
        route.fulfill({
          status: 409,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 409, error: 'Conflict', message: 'Too early', code: 'NO_SHOW_TOO_EARLY', allowedFrom }),
        }),
      );
      await noShow.click();
      const ask = page.getByRole('dialog', { name: /^Mark .+ Ada Quist as a no-show\?$/ });
      await eventually(() => focused(page)).toBe('Keep them called');
      await ask.getByRole('button', { name: 'Yes, mark as no-show' }).click();
      await eventually(() => queue.getByRole('alert').textContent()).toBe(
        `It is too early to mark a no-show: the patient may still be on their way. You can from ${hhmm(allowedFrom)}.`,
      );
      await page.unroute('**/no-show');
      // Enabled again once that time has come, without a reload.
      await eventually(() => noShow.isEnabled()).toBe(true);

      // "Keep them called" changes nothing; "Yes" marks the no-show.
      await noShow.click();
      await ask.getByRole('button', { name: 'Keep them called' }).click();
      await eventually(() => ask.count()).toBe(0);
      expect(await focused(page)).toBe('No-show');
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${called?.id}`)).status).toBe('called');
      await noShow.click();
      await ask.getByRole('button', { name: 'Yes, mark as no-show' }).click();
      await eventually(() => queue.locator('.serving').textContent()).toContain('Nobody is with you.');
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${called?.id}`)).status).toBe('no_show');

      // Complete asks too: Escape leaves the visit in the room.
      await queue.getByRole('button', { name: 'Call next' }).click();
      await queue.getByRole('button', { name: 'Start visit' }).click();
      await eventually(() => queue.locator('.serving').textContent()).toContain('In the room');
      await queue.getByRole('button', { name: 'Complete visit' }).click();
      await eventually(() => page.getByRole('dialog', { name: /^Complete the visit of .+ Ben Rossi\?$/ }).isVisible()).toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await eventually(() => page.getByRole('dialog').count()).toBe(0);
      expect(await queue.locator('.serving').textContent()).toContain('In the room');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'keeps today’s schedule inside its card at 1366, 1440 and 1920 px, whatever the names, reasons and statuses',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Sven', lastName: 'Halvorsen' });
      const people = await Promise.all(
        [
          ['Maximiliana', 'Konstantinopoulou-Vandenberghe'],
          ['Jo', 'Li'],
          ['Bartholomew', 'Featherstonehaugh'],
          ['Anna', 'Schmidt'],
        ].map(([firstName, lastName]) => registered({ firstName, lastName })),
      );
      for (const [i, p] of people.entries())
        await walkInFor(doctor, p, i === 0 ? 'Persistent dizziness when standing up quickly, with ringing in both ears' : 'Check-up');
      // Statuses of every width: done, in the room, waiting.
      await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`).then((v) =>
        http(doctor, 'POST', `/api/appointments/${(v as { id: string }).id}/start`).then(() =>
          http(doctor, 'POST', `/api/appointments/${(v as { id: string }).id}/complete`),
        ),
      );
      const inRoom = await http<{ id: string }>(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
      await http(doctor, 'POST', `/api/appointments/${inRoom.id}/start`);
      const page = await consoleOf(doctor);
      const card = page.getByRole('region', { name: 'Today’s schedule' });
      await eventually(() => card.getByRole('row').count()).toBe(5);
      for (const width of [1366, 1440, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        const spills = await card.evaluate((section) => {
          const box = section.getBoundingClientRect();
          const out: string[] = [];
          for (const el of Array.from(section.querySelectorAll('table, th, td, td > *'))) {
            const r = el.getBoundingClientRect();
            if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(`${el.tagName} "${el.textContent}" ${r.left}–${r.right}`);
          }
          if (section.scrollWidth > section.clientWidth) out.push(`card scrolls ${section.scrollWidth} > ${section.clientWidth}`);
          return out;
        });
        expect({ width, spills }).toEqual({ width, spills: [] });
        expect(await card.getByText('In the room').count()).toBe(1);
      }
      await page.context().close();
    },
    SLOW,
  );

  it(
    'a US clinic types vitals in °F and lb: 98.6 °F is accepted and stored as 37 °C, and shown again as typed',
    async () => {
      const doctor = await ownDoctor({ firstName: 'Grace', lastName: 'Miller' }, 'us');
      const tom = await registered({ firstName: 'Tom', lastName: 'Baker' });
      const visit = await walkInFor(doctor, tom, 'Fever');
      const page = await consoleOf(doctor);
      await page.getByRole('region', { name: 'Queue' }).getByRole('button', { name: 'Call next' }).click();
      const panel = page.getByRole('region', { name: /^Patient: Tom Baker/ });
      await panel.getByLabel('Subjective').fill('Feels feverish.');
      expect(await panel.getByLabel('Temperature (°C)').count()).toBe(0);
      await panel.getByLabel('Temperature (°F)').fill('98.6');
      await panel.getByLabel('Weight (lb)').fill('154.3');
      await panel.getByLabel('Height (in)').fill('70');
      await panel.getByRole('button', { name: 'Save note' }).click();
      await eventually(() => panel.getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 1 saved/);
      const read = () =>
        http<{ notes: { version: number; soap: { objective: { vitals?: Record<string, number> } } }[] }>(
          doctor,
          'GET',
          `/api/notes?appointmentId=${visit.id}`,
        );
      expect((await read()).notes[0]?.soap.objective.vitals).toEqual({ temperatureC: 37, weightKg: 69.99, heightCm: 177.8 });

      // Saved again unchanged: converted once, never drifting.
      await panel.getByLabel('Plan').fill('Fluids.');
      await panel.getByRole('button', { name: 'Save new version' }).click();
      await eventually(() => panel.getByRole('status').filter({ hasText: 'saved' }).textContent()).toMatch(/^Version 2 saved/);
      expect((await read()).notes[0]).toMatchObject({ version: 2, soap: { objective: { vitals: { temperatureC: 37, weightKg: 69.99 } } } });
      await panel.getByRole('button', { name: 'Show version 2' }).click();
      expect(await panel.locator('.versions').textContent()).toContain('Temperature (°F) 98.6, Weight (lb) 154.3, Height (in) 70');
      // Out of range in °F says so in °F.
      await panel.getByLabel('Temperature (°F)').fill('140');
      await panel.getByLabel('Temperature (°F)').evaluate((el) => el.closest('form')?.setAttribute('novalidate', ''));
      await panel.getByRole('button', { name: 'Save new version' }).click();
      await eventually(() => panel.getByRole('alert').textContent()).toBe('Temperature (°F) must be a number from 77 to 113.');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();
    },
    SLOW,
  );
});
