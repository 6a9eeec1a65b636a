// A clinic ready for booking: one location in UTC, a doctor working every day 08:00-18:00 with
// a 12:00-13:00 lunch break and 15-minute visits, staff, and a patient with a login.
import { bearer, createLocation, doctor, patient, staff } from './factories.js';
import type { TestHub } from './test-hub.js';

export async function bookableClinic(hub: TestHub, timezone = 'UTC') {
  const location = await createLocation(hub, timezone);
  const [admin, receptionist, doc, pat] = await Promise.all([
    staff(hub, 'admin'),
    staff(hub, 'receptionist'),
    doctor(hub, location.id),
    patient(hub),
  ]);
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '08:00',
    end: '18:00',
    locationId: location.id,
    breaks: [{ start: '12:00', end: '13:00' }],
  }));
  const res = await hub.app.inject({
    method: 'PUT',
    url: `/api/doctors/${doc.doctorId}/schedule`,
    headers: bearer(admin.token),
    payload: { rules },
  });
  if (res.statusCode !== 200) throw new Error(`schedule: ${res.body}`);
  return { location, admin, receptionist, doctor: doc, patient: pat };
}

/** An instant `days` from today (UTC) at the given UTC wall time, e.g. at(3, '10:15'). */
export function at(days: number, hhmm: string): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00.000Z`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A fixed-offset zone in which it is about 10:00 now (between 09:55 and 10:55), so a test can book
 * a visit later today within working hours and check it in, whatever hour the suite runs at. The
 * hour is taken five minutes ahead: a file loaded at 10:59 local that books "11:00" a few seconds
 * later would otherwise book the past (a CI run at 18:59:5x UTC did).
 */
export function zoneWhereItIsMorning(now = new Date()): { zone: string; offsetHours: number } {
  const ahead = new Date(now.getTime() + 5 * 60_000);
  let k = 10 - ahead.getUTCHours();
  if (k < -12) k += 24;
  if (k > 14) k -= 24;
  const zone = k === 0 ? 'UTC' : k > 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`;
  return { zone, offsetHours: k };
}

/** Today in that zone at a local wall time, as a UTC instant. */
export function todayAt(offsetHours: number, hhmm: string, now = new Date()): string {
  const local = new Date(now.getTime() + offsetHours * 3_600_000);
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const utc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), h, m) - offsetHours * 3_600_000;
  return new Date(utc).toISOString();
}

/** A new patient checked in as a walk-in with the clinic's doctor, over real HTTP at `base`; answers the ticket. */
export async function walkInOver(base: string, hub: TestHub, clinic: Awaited<ReturnType<typeof bookableClinic>>): Promise<string> {
  const p = await patient(hub, false);
  const res = await fetch(`${base}/api/walk-ins`, {
    method: 'POST',
    headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
    body: JSON.stringify({ doctorId: clinic.doctor.doctorId, patientId: p.patientId }),
  });
  if (res.status !== 201) throw new Error(`walk-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ticket: string }).ticket;
}
