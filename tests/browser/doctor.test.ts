// The doctor console in real Chromium against a real hub: the live queue worked from the
// keyboard (call next, start, complete, undo, no-show), a patient's message shown live and the
// doctor's reply reaching the patient, the SOAP note with versions, axe-core and the screenshot.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousA11yViolations, signedIn } from '../support/browser.js';
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

interface Visit {
  id: string;
  ticket: string;
  status: string;
}
interface Sent {
  ok: boolean;
  message: { id: string; body: string; senderId: string };
}

/** The public HTTP API over the loopback port, as a client would call it. */
async function http<T = Record<string, unknown>>(actor: Pick<Actor, 'token'>, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${served.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${actor.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A patient registered at the desk, with a portal login. */
async function registered(details: Record<string, unknown>): Promise<Actor & { patientId: string; name: string }> {
  const email = `${randomUUID()}@mail.example`;
  const created = await http<{ id: string; userId: string }>(served.clinic.receptionist, 'POST', '/api/patients', {
    dateOfBirth: '1985-06-01',
    phone: '+49 151 2345678',
    ...details,
    email,
    password: PASSWORD,
  });
  const tokens = await login(served.hub, email);
  return {
    role: 'patient',
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    userId: created.userId,
    patientId: created.id,
    name: `${details.firstName} ${details.lastName}`,
  };
}

/** expect.poll with room for a page load and a socket round trip (its default is one second). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/**
 * The console, open and live, for a doctor signed in afresh (a page spends its refresh token);
 * a marker shows later that the page never reloaded.
 */
async function consoleOf(doctor: Actor, viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const tokens = await login(served.hub, doctor.email as string);
  const context = await signedIn(browser, { ...doctor, refreshToken: tokens.refreshToken }, { viewport });
  const page = await context.newPage();
  const trouble: string[] = [];
  page.on('pageerror', (err) => trouble.push(err.message));
  page.on('response', (res) => res.status() >= 400 && trouble.push(`${res.status()} ${res.url()}`));
  await page.goto(`${served.base}/doctor`);
  try {
    await eventually(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
  } catch (err) {
    throw new Error(`the console did not go live: ${trouble.join('; ')} | ${await page.locator('body').innerText()}`, { cause: err });
  }
  await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });
  return page;
}
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

/** Signing people in (argon2) and a real browser take a while on a busy machine. */
const SLOW = 90_000;

describe('the doctor console', () => {
  it(
    'shows a checked-in patient live; call next, start and complete by keyboard; undo a call; mark a no-show',
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
      await eventually(() => serving.textContent()).toContain('Nobody is with you.');
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${walkIn.id}`)).status).toBe('completed');
      const schedule = page.getByRole('region', { name: 'Today’s schedule' });
      await eventually(() => schedule.getByRole('row').filter({ hasText: 'Lena Fischer' }).textContent()).toContain('Done');

      // A call made by mistake is taken back; a patient who does not come is marked.
      const next = await http<Visit>(receptionist, 'POST', '/api/walk-ins', { doctorId: doctor.doctorId, patientId: second.patientId });
      await eventually(() => waiting.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Omar Haddad')]);
      await callNext.click();
      await queue.getByRole('button', { name: 'Undo call' }).click();
      await eventually(() => serving.textContent()).toContain('Nobody is with you.');
      await eventually(() => waiting.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(next.ticket)]);
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${next.id}`)).status).toBe('checked_in');
      await callNext.click();
      await queue.getByRole('button', { name: 'No-show' }).click();
      await eventually(() => serving.textContent()).toContain('Nobody is with you.');
      await eventually(() => queue.getByText('Nobody is waiting.').count()).toBe(1);
      expect((await http<Visit>(doctor, 'GET', `/api/appointments/${next.id}`)).status).toBe('no_show');
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
      await page.keyboard.press('Enter'); // focus moved to "Start visit"
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
});
