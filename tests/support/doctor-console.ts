// The doctor console's browser tests' helpers (tests/browser/doctor.test.ts): the public HTTP API
// as a client calls it, patients registered at the desk with a portal login, a doctor of their
// own at a location of their own (so each test has its own queue), and the console open and live.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { signedIn } from './browser.js';
import { type Actor, login, PASSWORD } from './factories.js';
import type { ServedClinic } from './served-clinic.js';

export interface Visit {
  id: string;
  ticket: string;
  status: string;
  calledAt: string | null;
}

/** expect.poll with room for a page load and a socket round trip (its default is one second). */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** Signing people in (argon2) and a real browser take a while on a busy machine. */
export const SLOW = 90_000;

export function consoleHelpers(served: () => ServedClinic, browser: () => Browser) {
  /** The public HTTP API over the loopback port, as a client would call it. */
  async function http<T = Record<string, unknown>>(actor: Pick<Actor, 'token'>, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${served().base}${path}`, {
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
    const created = await http<{ id: string; userId: string }>(served().clinic.receptionist, 'POST', '/api/patients', {
      dateOfBirth: '1985-06-01',
      phone: '+49 151 2345678',
      ...details,
      email,
      password: PASSWORD,
    });
    const tokens = await login(served().hub, email);
    return {
      role: 'patient',
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      userId: created.userId,
      patientId: created.id,
      name: `${details.firstName} ${details.lastName}`,
    };
  }

  /** A doctor at a new location (UTC, the given units): a queue no other test touches. */
  async function ownDoctor(name: { firstName: string; lastName: string }, units: 'metric' | 'us' = 'metric'): Promise<Actor> {
    const { admin } = served().clinic;
    const location = await http<{ id: string }>(admin, 'POST', '/api/locations', {
      name: `${name.lastName} Practice ${randomUUID().slice(0, 8)}`,
      address: '12 Mill Road',
      phone: '+49 30 5550123',
      timezone: 'UTC',
      units,
    });
    const email = `${name.firstName.toLowerCase()}.${randomUUID()}@clinic.example`;
    const created = await http<{ id: string; userId: string }>(admin, 'POST', '/api/doctors', {
      ...name,
      email,
      password: PASSWORD,
      specialization: 'General Practice',
      licenseNumber: `GP-${randomUUID().slice(0, 12)}`,
      locationId: location.id,
      room: '3',
      consultationMinutes: 15,
    });
    const tokens = await login(served().hub, email);
    return { role: 'doctor', token: tokens.accessToken, email, userId: created.userId, doctorId: created.id };
  }

  /** A walk-in with the doctor, already waiting. */
  const walkIn = (doctor: Actor, patient: { patientId: string }, reason?: string) =>
    http<Visit>(served().clinic.receptionist, 'POST', '/api/walk-ins', { doctorId: doctor.doctorId, patientId: patient.patientId, reason });

  /**
   * The console, open and live, for a doctor signed in afresh (a page spends its refresh token);
   * a marker shows later that the page never reloaded.
   */
  async function consoleOf(doctor: Actor, viewport = { width: 1440, height: 1000 }): Promise<Page> {
    const tokens = await login(served().hub, doctor.email as string);
    const context = await signedIn(browser(), { ...doctor, refreshToken: tokens.refreshToken }, { viewport });
    const page = await context.newPage();
    const trouble: string[] = [];
    page.on('pageerror', (err) => trouble.push(err.message));
    page.on('response', (res) => res.status() >= 400 && trouble.push(`${res.status()} ${res.url()}`));
    await page.goto(`${served().base}/doctor`);
    await live(page, trouble);
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    return page;
  }

  return { http, registered, ownDoctor, walkIn, consoleOf };
}

/** Waits until the console says it is live. */
export async function live(page: Page, trouble: string[] = []): Promise<void> {
  try {
    await eventually(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
  } catch (err) {
    throw new Error(`the console did not go live: ${trouble.join('; ')} | ${await page.locator('body').innerText()}`, { cause: err });
  }
}

export const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
export const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

/** "HH:MM" as the console shows a time in a zone. */
export const hhmm = (at: number | string, timeZone = 'UTC') =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(at));
