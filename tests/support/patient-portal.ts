/// <reference lib="dom" />
// The patient portal's browser tests: a served clinic where it is mid-morning now (so a visit
// later today can happen), Dr. Ana Costa (or the doctor asked for) working there all day, and
// Maria Silva with a login; the public HTTP API as any of them, and the portal opened in a
// context signed in as Maria.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { type Actor, PASSWORD } from './factories.js';
import { zoneWhereItIsMorning } from './scheduling.js';
import { servedClinic } from './served-clinic.js';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };

/** Who the clinic's one doctor is, where the default Dr. Ana Costa in room 3 will not do. */
export interface PortalDoctor {
  firstName: string;
  lastName: string;
  room: string;
}

export async function portalClinic(opts: { doctor?: PortalDoctor } = {}) {
  const { firstName, lastName, room } = opts.doctor ?? { firstName: 'Ana', lastName: 'Costa', room: '3' };
  const [served, browser] = await Promise.all([servedClinic(), launchBrowser()]);
  const morning = zoneWhereItIsMorning();
  const suffix = Date.now().toString(36);

  /** The public HTTP API, as a given person. */
  async function http<T = Record<string, unknown>>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${served.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function signIn(email: string) {
    const res = await fetch(`${served.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
    return (await res.json()) as { accessToken: string; refreshToken: string; user: { id: string } };
  }

  const { admin, receptionist } = served.clinic;
  const { id: locationId } = await http<{ id: string }>(admin.token, 'POST', '/api/locations', {
    name: 'Riverside Family Clinic',
    address: '12 River Road, Springfield',
    phone: '+1 212 555 0142',
    timezone: morning.zone,
  });
  const doctorEmail = `${firstName}.${lastName}.${suffix}@clinic.example`.toLowerCase();
  const created = await http<{ id: string; userId: string }>(admin.token, 'POST', '/api/doctors', {
    firstName,
    lastName,
    email: doctorEmail,
    password: PASSWORD,
    specialization: 'Family Medicine',
    licenseNumber: `FM-${suffix}`.toUpperCase(),
    locationId,
    room,
    consultationMinutes: 15,
  });
  await http(admin.token, 'PUT', `/api/doctors/${created.id}/schedule`, {
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId })),
  });
  const doctor: Actor & { doctorId: string } = {
    role: 'doctor',
    token: (await signIn(doctorEmail)).accessToken,
    userId: created.userId,
    doctorId: created.id,
  };
  const mariaEmail = `maria.silva.${suffix}@mail.example`;
  const record = await http<{ id: string }>(receptionist.token, 'POST', '/api/patients', {
    firstName: 'Maria',
    lastName: 'Silva',
    dateOfBirth: '1986-05-14',
    phone: '+1 212 555 0187',
    email: mariaEmail,
    password: PASSWORD,
  });
  const mariaLogin = await signIn(mariaEmail);
  const maria: Actor & { patientId: string } = {
    role: 'patient',
    token: mariaLogin.accessToken,
    refreshToken: mariaLogin.refreshToken,
    userId: mariaLogin.user.id,
    patientId: record.id,
  };

  /**
   * A browser context signed in as Maria with a session of its own (refresh tokens rotate: two
   * contexts sharing one would end each other's session), its clock in the clinic's zone;
   * `hasTouch` makes it a touch screen.
   */
  async function mariasContext(opts: { viewport: { width: number; height: number }; hasTouch?: boolean }): Promise<BrowserContext> {
    const context = await browser.newContext({ ...opts, timezoneId: morning.zone, locale: 'en-GB' });
    const { refreshToken } = await signIn(mariaEmail);
    await context.addInitScript((token) => {
      if (!localStorage.getItem('clinic-hub.refresh')) localStorage.setItem('clinic-hub.refresh', token);
    }, refreshToken);
    context.setDefaultTimeout(10_000); // a step that cannot happen fails there, not at the test's timeout
    return context;
  }

  /** The portal, open and live (its socket connected), in `context`. */
  async function openPortal(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${served.base}/patient`);
    try {
      await page.getByRole('heading', { name: 'Hello, Maria' }).waitFor();
      // Live updates only reach a connected socket: wait for it before anyone acts.
      await page.locator('[data-live="yes"]').waitFor();
    } catch (err) {
      const shown = (await page.locator('body').innerText()).slice(0, 300);
      throw new Error(`the portal did not open at ${page.url()} (failed: ${failed.join(', ') || 'none'}; page: ${shown})`, { cause: err });
    }
    return page;
  }

  return {
    served,
    browser: browser as Browser,
    morning,
    locationId,
    doctor,
    maria,
    receptionist,
    http,
    mariasContext,
    openPortal,
    async close() {
      await browser.close();
      await served.close();
    },
  };
}

export type PortalClinic = Awaited<ReturnType<typeof portalClinic>>;

/**
 * Every control a finger can aim at on the page, with the size of what it taps: a checkbox or
 * radio is tapped through its label. Controls moved off-screen to hide them (the skip link) are
 * left out; scrolled-away ones are measured all the same.
 */
export function tapTargets(page: Page) {
  return page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    return Array.from(document.querySelectorAll<HTMLElement>(selector)).flatMap((el) => {
      const input = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
      const target = (input ? el.closest('label') : null) ?? el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right <= 0) return [];
      const name = (el.getAttribute('aria-label') ?? target.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return [{ what: `${el.tagName.toLowerCase()} "${name}"`, width: Math.round(box.width), height: Math.round(box.height) }];
    });
  });
}

/**
 * Elements that stick out of their card (beyond a pixel), as "tag.class: how far". Whatever sits
 * in a scrolling box (the day strip, the messages) is measured against that box's visible part instead.
 */
export function outsideTheirCards(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.patient .card *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      let container = el.parentElement;
      while (container && !container.classList.contains('card')) {
        const { overflowX, overflowY } = getComputedStyle(container);
        if (/auto|scroll|hidden/.test(overflowX + overflowY)) break;
        container = container.parentElement;
      }
      if (!container || container.classList.contains('sr-only')) continue;
      if (container !== el.closest('.card')) continue; // inside a scrolling box: it scrolls, it does not spill
      const card = container.getBoundingClientRect();
      const over = Math.max(card.left - box.left, box.right - card.right, card.top - box.top, box.bottom - card.bottom);
      if (over > 1) out.push(`${el.tagName.toLowerCase()}.${el.className || '-'}: ${Math.round(over)} px`);
    }
    return out;
  });
}
