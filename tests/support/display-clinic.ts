// What the waiting-room screen's browser tests share (tests/browser/display*.test.ts): plain HTTP
// against a served hub through the public contract, a location with doctors and a paired screen,
// patients whose names must never reach a screen, and opening /display with the screen's token.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from './factories.js';
import type { ServedClinic } from './served-clinic.js';

/** Doctors' names as the board shows them ("Dr. First Last"), some of them long. */
const DOCTOR_NAMES = [
  ['Amara', 'Osei'],
  ['Tomás', 'Berg'],
  ['Oluwaseun', 'Adeyemi-Whitfield'],
  ['Mei', 'Lin'],
  ['Konstantinos', 'Papadopoulos'],
  ['Sofia', 'Håkansson'],
  ['Rahul', 'Venkataraman'],
  ['Inês', 'Carvalho'],
] as const;

export type Http = <T = Record<string, unknown>>(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  expected?: number[],
) => Promise<T>;

export interface Patient {
  id: string;
  firstName: string;
  lastName: string;
}

export function displayClinic(served: ServedClinic) {
  const admin = served.clinic.admin.token;
  const desk = served.clinic.receptionist.token;
  let n = 0;
  const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

  const http: Http = async <T>(method: string, path: string, token: string, body?: unknown, expected = [200, 201, 202, 204]) => {
    const res = await fetch(`${served.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  /** A location with doctors working `hours` local every day, each with a login, and a screen. */
  async function clinicWith(opts: { name: string; timezone: string; language: string; rooms: string[]; hours?: [string, string] }) {
    const [start, end] = opts.hours ?? ['08:00', '18:00'];
    const location = await http<{ id: string; name: string }>('POST', '/api/locations', admin, {
      name: opts.name,
      address: '1 River Road',
      phone: '+1 212 555 0100',
      timezone: opts.timezone,
      language: opts.language,
    });
    const doctors = [];
    for (const [i, room] of opts.rooms.entries()) {
      const email = `doc.${unique()}@test.example`;
      const [firstName, lastName] = DOCTOR_NAMES[i % DOCTOR_NAMES.length]!;
      const d = await http<{ id: string }>('POST', '/api/doctors', admin, {
        firstName,
        lastName,
        email,
        password: PASSWORD,
        specialization: 'General Practice',
        licenseNumber: `LIC-${unique()}`.toUpperCase(),
        locationId: location.id,
        room,
        consultationMinutes: 15,
      });
      const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end, locationId: location.id }));
      await http('PUT', `/api/doctors/${d.id}/schedule`, admin, { rules });
      const login = await http<{ accessToken: string }>('POST', '/api/auth/login', '', { email, password: PASSWORD });
      doctors.push({ id: d.id, room, name: `Dr. ${firstName} ${lastName}`, token: login.accessToken });
    }
    const screen = await http<{ id: string; token: string }>('POST', '/api/displays', admin, {
      locationId: location.id,
      name: 'Waiting room',
    });
    return { location, doctors, screen };
  }

  /** Registers patients by name (each distinct: same name, birth date and phone is a duplicate). */
  async function registerPatients(names: readonly (readonly [string, string])[]): Promise<Patient[]> {
    const made: Patient[] = [];
    for (const [i, [firstName, lastName]] of names.entries()) {
      const p = await http<{ id: string }>('POST', '/api/patients', desk, {
        firstName,
        lastName,
        dateOfBirth: '1975-06-15',
        phone: `+1 212 555 ${String(1000 + i).slice(-4)}`,
      });
      made.push({ id: p.id, firstName, lastName });
    }
    return made;
  }

  const walkIn = (doctorId: string, patient: Patient) =>
    http<{ id: string; ticket: string }>('POST', '/api/walk-ins', desk, { doctorId, patientId: patient.id });

  return { http, admin, desk, clinicWith, registerPatients, walkIn };
}

/** Opens /display with the screen's token in a new context; `fakeClock` lets the test stop time. */
export async function openDisplay(
  browser: Browser,
  served: ServedClinic,
  token: string,
  opts: { viewport?: { width: number; height: number }; fakeClock?: boolean; reducedMotion?: 'reduce' | 'no-preference' } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    reducedMotion: opts.reducedMotion ?? 'reduce',
  });
  const page = await context.newPage();
  // A clock the test can stop, so a banner stays up while it is checked and photographed.
  if (opts.fakeClock) await page.clock.install();
  await page.goto(`${served.base}/display?token=${encodeURIComponent(token)}`);
  return page;
}

/** A wait as the English screen should show it: "25 min", "1 h 55 min", "2 h", "Next", "Any moment". */
export function englishWait(etaMinutes: number, firstInLine: boolean): string {
  if (etaMinutes < 1) return firstInLine ? 'Next' : 'Any moment';
  const h = Math.floor(etaMinutes / 60);
  const m = etaMinutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * A Web Speech stand-in in every page of `context` that records what is said (`window.spoken`):
 * each utterance ends at once, or with `holdFirst` the first lasts until the page calls `endFirst()`.
 */
export async function recordSpeech(context: BrowserContext, holdFirst = false): Promise<void> {
  await context.addInitScript((holdFirst: boolean) => {
    const spoken: string[] = [];
    let hold: (() => void) | null = null;
    class Utterance {
      lang = '';
      rate = 1;
      voice = null;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(readonly text: string) {}
    }
    const synth = {
      getVoices: () => [],
      cancel: () => undefined,
      speak(u: Utterance) {
        spoken.push(u.text);
        if (holdFirst && spoken.length === 1) hold = () => u.onend?.();
        else queueMicrotask(() => u.onend?.());
      },
    };
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true, writable: true });
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    Object.assign(window, { spoken, endFirst: () => hold?.() });
  }, holdFirst);
}
