// Feedback in real Chromium against a real hub (issue 18): a patient opens the emailed link on a
// 375×667 touch phone without signing in, rates the visit (stars by tap and by keyboard),
// anonymously, and is thanked; the link's token leaves the address bar at once. An admin finds it
// pending in the moderation list ("Anonymous", no name), reveals the author only through the
// audited dialog, and approves it; the doctor sees it on "My ratings" and replies once. In the
// portal the patient sees it published with the reply, reports the reply, and rates another visit
// with "Rate this visit". axe-core finds no serious violation on the form, the list or the ratings.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFeedbackToken } from '../../server/modules/feedback/link.js';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.js';
import { consoleHelpers, eventually, SLOW, type Visit } from '../support/doctor-console.js';
import { type Actor, login } from '../support/factories.js';
import { tapTargets } from '../support/patient-portal.js';
import { type ServedClinic, servedClinic } from '../support/served-clinic.js';

const PHONE = { width: 375, height: 667 };
const DAY_MS = 86_400_000;

let served: ServedClinic;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await served?.close();
});

const { http, registered, ownDoctor } = consoleHelpers(
  () => served,
  () => browser,
);

/** A visit with the doctor, seen and completed (a walk-in called, started and completed). */
async function completedVisit(doctor: Actor, patient: { patientId: string }): Promise<Visit & { startAt: string }> {
  // A second visit the same day is meant (allowDuplicate): the first is over.
  const visit = await http<Visit>(served.clinic.receptionist, 'POST', '/api/walk-ins', {
    doctorId: doctor.doctorId,
    patientId: patient.patientId,
    allowDuplicate: true,
  });
  await http(doctor, 'POST', `/api/doctors/${doctor.doctorId}/queue/call-next`);
  await http(doctor, 'POST', `/api/appointments/${visit.id}/start`);
  return http<Visit & { startAt: string }>(doctor, 'POST', `/api/appointments/${visit.id}/complete`);
}

/**
 * A context signed in as someone, a touch screen if asked: afresh for staff (a page spends its
 * refresh token), with their unspent one for a patient registered at the desk.
 */
async function contextOf(actor: Actor, viewport = { width: 1280, height: 900 }, hasTouch = false): Promise<BrowserContext> {
  const refreshToken = actor.email ? (await login(served.hub, actor.email)).refreshToken : (actor.refreshToken as string);
  const context = await browser.newContext({ viewport, hasTouch, locale: 'en-GB', timezoneId: 'UTC' });
  await context.addInitScript((token) => {
    if (!localStorage.getItem('clinic-hub.refresh')) localStorage.setItem('clinic-hub.refresh', token);
  }, refreshToken);
  context.setDefaultTimeout(10_000); // a step that cannot happen fails there, not at the test's timeout
  contexts.push(context);
  return context;
}

/** "Thu 5 Mar" as the pages write a day (en-GB, the clinic's zone: UTC here). */
const dayLabel = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(iso));

/** Nothing wider than the screen: the page never scrolls sideways. */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

let doctor: Actor;
let maria: Actor & { patientId: string; name: string };
let visit: Visit & { startAt: string };

describe('feedback after a visit', () => {
  it(
    'is given from the emailed link on a phone, without signing in',
    async () => {
      doctor = await ownDoctor({ firstName: 'Ana', lastName: 'Costa' });
      maria = await registered({ firstName: 'Maria', lastName: 'Silva' });
      visit = await completedVisit(doctor, maria);
      const token = signFeedbackToken(served.hub.config.jwtSecret, visit.id, new Date(Date.parse(visit.startAt) + 30 * DAY_MS));

      const context = await browser.newContext({ viewport: PHONE, hasTouch: true, locale: 'en-GB', timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('pageerror', (err) => failed.push(err.message));
      await page.goto(`${served.base}/feedback#t=${token}`);
      const heading = page.getByRole('heading', { level: 1 });
      await eventually(() => heading.textContent()).toMatch(
        new RegExp(`^How was your visit with Dr\\.? Ana Costa on ${dayLabel(visit.startAt)}\\?$`),
      );
      // The token is read and taken out of the address at once; nothing about the patient is shown.
      expect(page.url()).toBe(`${served.base}/feedback`);
      expect(await page.locator('body').innerText()).not.toContain('Silva');

      // Sending without the overall rating says what is missing and goes there.
      const send = page.getByRole('button', { name: 'Send feedback' });
      await send.tap();
      await page.getByText('Please choose 1 to 5 stars for your visit overall.').waitFor();
      const overall = page.getByRole('group', { name: 'Overall (required)' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name')?.endsWith('-overall'))).toBe(true);

      // Stars by finger, and by keyboard (arrows move within a group, the focus ring shows).
      await overall.getByRole('radio', { name: '3 stars: OK' }).tap();
      await overall.getByRole('radio', { name: '3 stars: OK' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await overall.getByRole('radio', { name: '4 stars: Good' }).isChecked()).toBe(true);
      const ring = await page.evaluate(() => {
        const label = document.activeElement?.nextElementSibling;
        return label ? getComputedStyle(label).outlineStyle : 'none';
      });
      expect(ring).toBe('solid');
      await page.getByRole('group', { name: 'Doctor’s communication (optional)' }).getByRole('radio', { name: '5 stars: Excellent' }).tap();
      await page.getByRole('group', { name: 'Wait time (optional)' }).getByRole('radio', { name: '2 stars: Poor' }).tap();
      await page.getByLabel('What went well').fill('Dr Costa listened and explained the plan clearly.');
      await page.getByLabel('What could we do better').fill('The wait was long.');
      await page.getByLabel('Comment', { exact: true }).fill('Thank you, a good visit.');
      await page.getByRole('checkbox', { name: 'Post anonymously' }).tap();

      // The form at its fullest: no sideways scrolling, every star and "Skip" on the screen, fingers' targets 44 px, axe content.
      const offScreen = await page.evaluate(() =>
        Array.from(document.querySelectorAll('fieldset label')).flatMap((l) => {
          const box = l.getBoundingClientRect();
          return box.left < 0 || box.right > window.innerWidth ? [l.textContent] : [];
        }),
      );
      expect(offScreen).toEqual([]);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      const small = (await tapTargets(page)).filter((t) => t.width < 44 || t.height < 44);
      expect(small).toEqual([]);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
      await screenshot(page, 'feedback-form-phone');

      await send.tap();
      await page.getByRole('heading', { name: 'Thank you for your feedback!' }).waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      expect(failed).toEqual([]);

      // The link works once: opened again, it says so instead of showing the form.
      const again = await context.newPage();
      await again.goto(`${served.base}/feedback#t=${token}`);
      await again.getByText('Feedback about this visit has already been given. Thank you.').waitFor();
      expect(await again.getByRole('button', { name: 'Send feedback' }).count()).toBe(0);
      // A link that is not the hub's is refused in words (a page of its own: a new fragment alone loads nothing).
      await again.close();
      const forged = await context.newPage();
      await forged.goto(`${served.base}/feedback#t=${visit.id}.zzzzzz.${'A'.repeat(43)}`);
      await forged.getByText('This feedback link is not valid or has expired.', { exact: false }).waitFor();
      expect(await forged.getByRole('button', { name: 'Send feedback' }).count()).toBe(0);
    },
    SLOW,
  );

  it(
    'is moderated by an admin: pending, anonymous until revealed in the audited dialog, then approved',
    async () => {
      const { admin } = served.clinic;
      // Anonymous feedback joins the lists at the end of the local day it was given (its moment
      // would point at its author): here that day is made to have ended.
      const feedback = served.hub.app.mongo.db.collection('feedback');
      expect((await feedback.findOne({ appointmentId: visit.id }))?.listedFrom.getTime()).toBeGreaterThan(Date.now());
      await feedback.updateOne({ appointmentId: visit.id }, { $set: { listedFrom: new Date(Date.now() - 1000) } });
      const page = await (await contextOf(admin)).newPage();
      await page.goto(`${served.base}/reception`);
      // The admins' way in: a page of its own in the header.
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Feedback' }).click();
      await page.waitForURL(`${served.base}/admin/feedback`);
      expect(await page.getByLabel('Status').inputValue()).toBe('pending');
      const list = page.getByRole('list', { name: 'Feedback' });
      const entry = list.getByRole('listitem').filter({ hasText: 'Ana Costa' });
      await entry.waitFor();
      const text = await entry.innerText();
      expect(text).toContain('Anonymous');
      expect(text).not.toContain('Maria');
      expect(text).toContain('Pending');
      expect(text).toContain('Dr Costa listened and explained the plan clearly.');
      expect(text).toMatch(/Overall\s+★★★★☆\s+4 of 5/);
      expect(text).toMatch(/Sentiment: (Positive|Neutral|Negative)/);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'feedback-moderation');

      // Reveal: a dialog says it is audited; Cancel keeps the author hidden.
      await entry.getByRole('button', { name: 'Reveal author…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Reveal who wrote this?' });
      expect(await dialog.innerText()).toContain('audit log');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await entry.innerText()).not.toContain('Maria');
      await entry.getByRole('button', { name: 'Reveal author…' }).click();
      await dialog.getByRole('button', { name: 'Reveal author' }).click();
      await eventually(() => entry.innerText()).toContain('Written by Maria Silva');

      // Reject asks for a reason before it sends anything.
      await entry.getByRole('button', { name: 'Reject…' }).click();
      await entry.getByRole('button', { name: 'Reject', exact: true }).click();
      await entry.getByText('Please give the reason it is not published').waitFor();
      await entry.getByRole('button', { name: 'Cancel' }).click();

      await entry.getByRole('button', { name: 'Approve' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Approved the feedback about Dr\.? Ana Costa/ })
        .waitFor();
      // It left the pending list; it is among the approved.
      await eventually(() => list.getByRole('listitem').filter({ hasText: 'Ana Costa' }).count()).toBe(0);
      await page.getByLabel('Status').selectOption('approved');
      await eventually(() => page.getByRole('list', { name: 'Feedback' }).getByText('Approved', { exact: true }).count()).toBe(1);
      expect(page.url()).toBe(`${served.base}/admin/feedback?status=approved`);
    },
    SLOW,
  );

  it(
    'shows on the doctor’s ratings, where the doctor replies once',
    async () => {
      const page = await (await contextOf(doctor)).newPage();
      await page.goto(`${served.base}/doctor/ratings`);
      const table = page.getByRole('table');
      await table.waitFor();
      const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) });
      expect(await row('Overall').innerText()).toMatch(/Overall\s+4\.0\s+1/);
      expect(await row('Doctor’s communication').innerText()).toMatch(/5\.0\s+1/);
      expect(await row('Wait time').innerText()).toMatch(/2\.0\s+1/);
      expect(await row('Cleanliness').innerText()).toMatch(/–\s+0/);
      const feedback = page.getByRole('list', { name: 'Published feedback' });
      const entry = feedback.getByRole('listitem').first();
      await entry.waitFor();
      expect(await entry.innerText()).toContain('Anonymous');
      expect(await entry.innerText()).not.toContain('Maria');
      expect(await entry.innerText()).toContain('The wait was long.');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'doctor-ratings');

      await entry
        .getByRole('textbox', { name: /^Reply to this feedback/ })
        .fill('Thank you. We are adding a second nurse on Mondays to shorten the wait.');
      await entry.getByRole('button', { name: 'Post reply' }).click();
      await entry.getByText('Your reply').waitFor();
      expect(await entry.getByRole('textbox').count()).toBe(0);
      expect(await entry.innerText()).toContain('adding a second nurse on Mondays');
      expect(await seriousA11yViolations(page)).toEqual([]);
    },
    SLOW,
  );

  it(
    'shows in the portal published, with the reply the patient can report; another visit is rated there',
    async () => {
      const second = await completedVisit(doctor, maria);
      const page = await (await contextOf(maria, PHONE, true)).newPage();
      await page.goto(`${served.base}/patient#feedback`);
      const section = page.getByRole('region', { name: 'Your feedback' });
      const mine = section.getByRole('list', { name: 'Your feedback' });
      const given = mine.getByRole('listitem').first();
      await given.waitFor();
      const text = await given.innerText();
      expect(text).toContain('Published');
      expect(text).toContain('Posted anonymously');
      expect(text).toContain('adding a second nurse on Mondays');

      await given.getByRole('button', { name: 'Report this reply' }).tap();
      await given.getByLabel('What is wrong with this reply?').fill('It does not answer what I wrote.');
      await given.getByRole('button', { name: 'Send report' }).tap();
      await given.getByText('You reported this reply. Thank you: the clinic will look at it.').waitFor();

      // The second visit waits for a rating; the form is the same as the link's.
      const toRate = section.getByRole('list', { name: 'Visits to rate' });
      await toRate.getByRole('button', { name: `Rate this visit: ${dayLabel(second.startAt)} with Dr. Ana Costa` }).tap();
      const form = toRate.getByRole('form', { name: `How was your visit with Dr. Ana Costa on ${dayLabel(second.startAt)}?` });
      await form.getByRole('group', { name: 'Overall (required)' }).getByRole('radio', { name: '5 stars: Excellent' }).tap();
      await form.getByRole('button', { name: 'Send feedback' }).tap();
      await toRate.getByRole('heading', { name: 'Thank you for your feedback!' }).waitFor();
      await eventually(() => mine.getByRole('listitem').count()).toBe(2);
      expect(await mine.getByRole('listitem').first().innerText()).toContain('Awaiting review');
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
    },
    SLOW,
  );
});
