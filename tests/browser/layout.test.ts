// Every view at the desk sizes (1366×768, 1440×900, 1920×1080) and on a phone (390×844, touch):
// no element sticks out of its card or container (each visible element's box lies inside its
// nearest container's, a scroll container counting as the edge of what it holds), no card and
// no page scrolls sideways (scrollWidth ≤ clientWidth), axe-core finds nothing serious, and on
// the phone every button and field is at least 44 px high. axe-core runs on every view once at a
// desk size (1366×768, the tightest) and once on the phone: what it checks (names, roles, contrast,
// landmarks) does not change between the desk sizes, and it is the slowest check here.
// Each viewport signs each person in once and opens their views one after another in that browser
// context (a page restoring its session spends the refresh token and keeps the new one, so the next
// page starts from it); the views of different people load side by side.
// The views hold real data: a day of visits with a checked-in patient, the new-patient form open,
// a patient's record open at the doctor's (with the prescribing panel), a conversation, the
// pharmacy's queue with a signed prescription and its stock page, the waiting-room screen with a queue.
// Long file: one clinic's data, the table of views and the geometry checks are read together.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocationsService } from '../../server/modules/locations/service.js';
import { setUserLocations } from '../../server/modules/users/repository.js';
import { launchBrowser, seriousA11yViolations } from '../support/browser.js';
import { type Actor, bearer, display, doctor, login, patient, staff } from '../support/factories.js';
import { todayAt, zoneWhereItIsMorning } from '../support/scheduling.js';
import { startServedHub, type TestHub } from '../support/test-hub.js';

const morning = zoneWhereItIsMorning();

const VIEWPORTS = [
  { name: '1366×768', width: 1366, height: 768, phone: false },
  { name: '1440×900', width: 1440, height: 900, phone: false },
  { name: '1920×1080', width: 1920, height: 1080, phone: false },
  { name: 'phone 390×844', width: 390, height: 844, phone: true },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

let hub: TestHub;
let base: string;
let browser: Browser;
let location: { id: string; name: string };
let receptionist: Actor;
let doc: Actor;
let pat: Actor;
let pharmacist: Actor;
let screenToken: string;

beforeAll(async () => {
  [{ hub, base }, browser] = await Promise.all([startServedHub(), launchBrowser()]);
  location = await new LocationsService(hub.app.db).create({
    name: 'Harbor Street Family Practice and Walk-in Clinic',
    address: '1 Harbor Street',
    phone: '+1 212 555 0100',
    timezone: morning.zone,
  });
  const admin = await staff(hub, 'admin');
  [receptionist, doc, pat, pharmacist] = await Promise.all([
    staff(hub, 'receptionist'),
    doctor(hub, location.id),
    patient(hub),
    staff(hub, 'pharmacist'),
  ]);
  screenToken = (await display(hub, location.id)).token;
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: location.id }));
  const schedule = await hub.app.inject({
    method: 'PUT',
    url: `/api/doctors/${doc.doctorId}/schedule`,
    headers: bearer(admin.token),
    payload: { rules },
  });
  expect(schedule.statusCode, schedule.body).toBe(200);
  const desk = bearer(receptionist.token);
  // A day with long names and reasons, one patient checked in (a ticket on the screen and in the queue).
  const others = [];
  for (const [firstName, lastName] of [
    ['Maximiliana', 'Oyelaran-Villanueva de la Cruz'],
    ['Jo', 'Li'],
  ]) {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: desk,
      payload: { firstName, lastName, dateOfBirth: '1970-01-31', phone: '+44 20 7946 0958' },
    });
    expect(res.statusCode, res.body).toBe(201);
    others.push(res.json().id as string);
  }
  const visits = [
    { patientId: pat.patientId, at: '11:00', reason: 'Follow-up on blood pressure readings and medication review' },
    { patientId: others[0], at: '11:15', reason: 'Vaccination' },
    { patientId: others[1], at: '11:30', reason: undefined },
  ];
  for (const v of visits) {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/appointments',
      headers: desk,
      payload: { doctorId: doc.doctorId, patientId: v.patientId, startAt: todayAt(morning.offsetHours, v.at), reason: v.reason },
    });
    expect(res.statusCode, res.body).toBe(201);
    if (v.at === '11:15') {
      const checkIn = await hub.app.inject({ method: 'POST', url: `/api/appointments/${res.json().id}/check-in`, headers: desk });
      expect(checkIn.statusCode, checkIn.body).toBe(200);
      await signedPrescription(res.json().id);
    }
  }
  const thread = await hub.app.inject({
    method: 'POST',
    url: '/api/threads',
    headers: bearer(doc.token),
    payload: { patientId: pat.patientId },
  });
  expect(thread.statusCode, thread.body).toBeLessThan(300);
  await hub.app.inject({
    method: 'POST',
    url: `/api/threads/${thread.json().id}/messages`,
    headers: bearer(doc.token),
    payload: { clientMessageId: 'layout-1', body: 'Please bring your blood pressure diary and the list of medicines you take.' },
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/** A signed prescription with a long medicine name for the checked-in visit: the pharmacy's list has a card to lay out. */
async function signedPrescription(appointmentId: string) {
  const doctorAuth = bearer(doc.token);
  const found = await hub.app.inject({ method: 'GET', url: '/api/medications?query=co-amox', headers: doctorAuth });
  const medicationId = found.json().medications[0].id as string;
  // The pharmacist works here and has a lot of it, with a long batch number and supplier.
  await setUserLocations(hub.app.db, pharmacist.userId as string, [location.id]);
  const delivery = await hub.app.inject({
    method: 'POST',
    url: '/api/inventory/lots',
    headers: bearer(pharmacist.token),
    payload: {
      locationId: location.id,
      medicationId,
      batchNumber: 'BATCH-2026-0000012345-A',
      expiresOn: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
      quantity: 120,
      unitCostMinor: 1234,
      unitPriceMinor: 2599,
      supplier: 'Northwind Pharmaceutical Wholesale and Distribution',
    },
  });
  expect(delivery.statusCode, delivery.body).toBe(201);
  const draft = await hub.app.inject({
    method: 'POST',
    url: `/api/appointments/${appointmentId}/prescriptions`,
    headers: doctorAuth,
    payload: { items: [{ medicationId, dose: '1 tablet', frequency: 'three times daily with food', durationDays: 7, quantity: 21 }] },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const sign = await hub.app.inject({ method: 'POST', url: `/api/prescriptions/${draft.json().id}/sign`, headers: doctorAuth });
  expect(sign.statusCode, sign.body).toBe(200);
}

async function contextFor(viewport: Viewport, actor: Actor | null): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    timezoneId: morning.zone,
    locale: 'en-GB',
    // No fades or page-turn animations: a colour caught mid-fade would read as poor contrast to axe.
    reducedMotion: 'reduce',
    ...(viewport.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : {}),
  });
  if (actor) {
    // Signed in once for this viewport: each page restoring the session spends the refresh token
    // in localStorage and stores the new one there, which the next page of this context starts from.
    const { refreshToken } = await login(hub, actor.email as string);
    await context.addInitScript((token) => {
      if (!localStorage.getItem('clinic-hub.refresh')) localStorage.setItem('clinic-hub.refresh', token);
    }, refreshToken);
  }
  return context;
}

/** The desk size axe-core runs at (with the phone). */
const AXE_DESK = '1366×768';

interface View {
  name: string;
  who: () => Actor | null;
  path: () => string;
  /** Brings the view to the state checked (data loaded, panels open). */
  ready: (page: Page) => Promise<void>;
}

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

const VIEWS: View[] = [
  { name: 'sign-in', who: () => null, path: () => '/login', ready: (page) => h1(page, 'Sign in to Clinic Hub') },
  {
    name: 'reception desk',
    who: () => receptionist,
    path: () => `/reception?location=${location.id}&doctor=${doc.doctorId}`,
    ready: async (page) => {
      await page.getByText('Oyelaran-Villanueva').first().waitFor();
      await page.getByLabel('Find a patient').fill('Li');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('list', { name: 'Matching patients' }).waitFor();
      await page.getByRole('button', { name: 'Register a new patient' }).click();
      await page.locator('#register-patient').waitFor();
    },
  },
  {
    name: 'doctor’s workspace',
    who: () => doc,
    path: () => '/doctor',
    ready: async (page) => {
      await page.getByRole('table').waitFor();
      await page.getByRole('button', { name: /^Open the record of Paula/ }).click();
      await page.getByText('No known allergies recorded.').waitFor();
    },
  },
  {
    name: 'patient portal',
    who: () => pat,
    path: () => '/patient',
    ready: async (page) => {
      await h1(page, /^Hello/);
      await page.getByText('Please bring your blood pressure diary', { exact: false }).first().waitFor();
    },
  },
  {
    name: 'patient conversation',
    who: () => pat,
    path: () => '/patient',
    ready: async (page) => {
      await h1(page, /^Hello/);
      await page.getByText('Please bring your blood pressure diary', { exact: false }).first().click();
      await page.getByRole('log').waitFor();
    },
  },
  {
    name: 'pharmacy',
    who: () => pharmacist,
    path: () => '/pharmacy',
    ready: async (page) => {
      await h1(page, 'Pharmacy');
      await page.getByRole('list', { name: 'Prescriptions waiting' }).waitFor();
    },
  },
  {
    name: 'pharmacy stock',
    who: () => pharmacist,
    path: () => '/pharmacy?view=stock',
    ready: async (page) => {
      await h1(page, 'Pharmacy');
      await page.getByRole('table', { name: 'On hand, by medicine and lot' }).waitFor();
    },
  },
  {
    name: 'waiting-room screen',
    who: () => null,
    path: () => `/display?token=${encodeURIComponent(screenToken)}`,
    ready: (page) => h1(page, location.name),
  },
  { name: 'not found', who: () => null, path: () => '/no/such/page', ready: (page) => h1(page, 'Page not found') },
  { name: 'not allowed', who: () => pat, path: () => '/reception', ready: (page) => h1(page, 'Not allowed here') },
];

/** Elements sticking out of their container, and containers or the page scrolling sideways. */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const CONTAINERS = '.card, main, header, section, form, fieldset, table, li, dialog, [class*="card"], [class^="d-"]';
    const name = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${cls}${text ? ` “${text}”` : ''}`;
    };
    const scrolls = (el: Element) => /(auto|scroll)/.test(getComputedStyle(el).overflowX);
    const hidden = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.display === 'none' || style.visibility === 'hidden') return true;
        if (e.classList.contains('sr-only') || e.classList.contains('skip')) return true;
      }
      return false;
    };
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    for (const container of Array.from(document.querySelectorAll(CONTAINERS))) {
      if (hidden(container) || scrolls(container)) continue;
      if (container.scrollWidth > container.clientWidth + 1 && getComputedStyle(container).display !== 'inline') {
        found.push(`${name(container)} scrolls sideways (${container.scrollWidth} > ${container.clientWidth})`);
      }
    }
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || hidden(el)) continue;
      // The nearest container, or a scroll container on the way (its content may move within it).
      let edge: Element | null = el.parentElement;
      while (edge && !edge.matches(CONTAINERS) && !scrolls(edge)) edge = edge.parentElement;
      if (!edge || scrolls(edge) || hidden(edge)) continue;
      const outer = edge.getBoundingClientRect();
      const out = Math.max(outer.left - box.left, box.right - outer.right);
      if (out > 1) found.push(`${name(el)} sticks out of ${name(edge)} by ${Math.round(out)} px`);
    }
    return [...new Set(found)];
  });
}

/** On a touch screen: buttons, button-like links and fields lower than 44 px (checkboxes excepted: their label is the target). */
async function smallTapTargets(page: Page): Promise<string[]> {
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'the phone reports a coarse pointer').toBe(true);
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('button, a.button, select, input:not([type="checkbox"], [type="radio"], [type="hidden"])'))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && !el.closest('.sr-only, .skip') && box.height < 43.5;
      })
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}” is ${Math.round(el.getBoundingClientRect().height)} px high`,
      ),
  );
}

describe.each(VIEWPORTS)('every view at $name', (viewport) => {
  // One context per person (null: nobody signed in) for this viewport, and a queue per context: its
  // pages open one at a time (two at once would spend the same refresh token), other people's alongside.
  const contexts = new Map<Actor | null, Promise<BrowserContext>>();
  const queues = new Map<Actor | null, Promise<unknown>>();
  const inTurn = <T>(who: Actor | null, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(who) ?? Promise.resolve()).then(work);
    queues.set(
      who,
      run.catch(() => undefined),
    );
    return run;
  };
  afterAll(async () => {
    await Promise.all([...contexts.values()].map(async (c) => (await c).close()));
  });

  it.concurrent.each(VIEWS)(
    `$name: nothing overflows its container${viewport.phone || viewport.name === AXE_DESK ? ', axe-core clean' : ''}`,
    async (view) => {
      const who = view.who();
      if (!contexts.has(who)) contexts.set(who, contextFor(viewport, who));
      const context = await contexts.get(who)!;
      await inTurn(who, async () => {
        const page = await context.newPage();
        try {
          await page.goto(`${base}${view.path()}`);
          await view.ready(page);
          expect(await overflows(page)).toEqual([]);
          if (viewport.phone) expect(await smallTapTargets(page)).toEqual([]);
          if (viewport.phone || viewport.name === AXE_DESK) expect(await seriousA11yViolations(page)).toEqual([]);
        } finally {
          await page.close();
        }
      });
    },
    60_000,
  );
});
