// Booking correctness under concurrency, over real HTTP: many requests for one slot, overlapping
// visits with different starts, concurrent reschedules into one slot, concurrent check-ins.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, appointmentTypes, ticketCounters } from '../../../db/schema/index.js';
import { PatientsService } from '../../../server/modules/patients/service.js';
import { bearer } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let base: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  base = await listenOnLoopback(hub.app);
  await hub.app.db.insert(appointmentTypes).values([
    { key: 'long', name: 'Long', durationMinutes: 30 },
    { key: 'short', name: 'Short', durationMinutes: 15 },
  ]);
});
afterAll(() => hub.close());

let batches = 0;
/** n distinct people (each batch its own names: the same name and birth date would be DUPLICATE_PATIENT). */
async function newPatients(n: number): Promise<string[]> {
  const service = new PatientsService(hub.app.db, 'UTC');
  const ids: string[] = [];
  const batch = ++batches;
  for (let i = 0; i < n; i++) {
    const person = { firstName: `Race${batch}`, lastName: `Runner${i}`, dateOfBirth: '1990-01-01', phone: '+1 212 555 0100' };
    ids.push((await service.create(person)).id);
  }
  return ids;
}

const book = (body: object) =>
  fetch(`${base}/api/appointments`, {
    method: 'POST',
    headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('one slot, many bookers', () => {
  it('200 concurrent bookings of the same slot: exactly one 201, the rest 409 SLOT_UNAVAILABLE, one row', async () => {
    const patients = await newPatients(200);
    const startAt = at(3, '10:00');
    const responses = await Promise.all(patients.map((patientId) => book({ doctorId: clinic.doctor.doctorId, patientId, startAt })));
    const statuses = responses.map((r) => r.status);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ code?: string }>));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(bodies.filter((b) => b.code === 'SLOT_UNAVAILABLE')).toHaveLength(199);
    const rows = await hub.app.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.doctorId, clinic.doctor.doctorId!), eq(appointments.startAt, new Date(startAt))));
    expect(rows).toHaveLength(1);
  });

  it('overlapping visits with different starts: a 30-minute visit at 10:00 and a 15-minute one at 10:15 → one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const [p1, p2] = await newPatients(2);
      const day = 4 + round;
      const [long, short] = await Promise.all([
        book({ doctorId: clinic.doctor.doctorId, patientId: p1, startAt: at(day, '10:00'), type: 'long' }),
        book({ doctorId: clinic.doctor.doctorId, patientId: p2, startAt: at(day, '10:15'), type: 'short' }),
      ]);
      expect([long.status, short.status].sort()).toEqual([201, 409]);
    }
  });
});

describe('reschedules', () => {
  it('ten visits rescheduled into one slot at once: one moves, the others stay where they were', async () => {
    const patients = await newPatients(10);
    const originals: string[] = [];
    for (const [i, patientId] of patients.entries()) {
      const res = await book({
        doctorId: clinic.doctor.doctorId,
        patientId,
        startAt: at(10, `${String(8 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`),
      });
      expect(res.status).toBe(201);
      originals.push(((await res.json()) as { id: string }).id);
    }
    const target = at(10, '15:00');
    const responses = await Promise.all(
      originals.map((id) =>
        fetch(`${base}/api/appointments/${id}/reschedule`, {
          method: 'POST',
          headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
          body: JSON.stringify({ startAt: target }),
        }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(9);
    const atTarget = await hub.app.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.doctorId, clinic.doctor.doctorId!), eq(appointments.startAt, new Date(target))));
    expect(atTarget).toHaveLength(1);
    const stillThere = await hub.app.db.select().from(appointments).where(inArray(appointments.id, originals));
    expect(stillThere.filter((a) => a.status === 'scheduled')).toHaveLength(9);
    expect(stillThere.filter((a) => a.status === 'cancelled')).toHaveLength(1);
  });
});

describe('check-in tickets', () => {
  it('30 concurrent walk-ins and check-ins at one location get distinct tickets numbered 1..30 without gaps', async () => {
    const patients = await newPatients(30);
    const requests = patients.map((patientId) =>
      fetch(`${base}/api/walk-ins`, {
        method: 'POST',
        headers: { ...bearer(clinic.receptionist.token), 'content-type': 'application/json' },
        body: JSON.stringify({ doctorId: clinic.doctor.doctorId, patientId }),
      }),
    );
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status)).toEqual(patients.map(() => 201));
    const tickets = await Promise.all(responses.map(async (r) => ((await r.json()) as { ticket: string }).ticket));
    expect(new Set(tickets).size).toBe(30);
    const numbers = tickets.map((t) => Number(t.split('-')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const [counter] = await hub.app.db.select().from(ticketCounters).where(eq(ticketCounters.locationId, clinic.location.id));
    expect(counter?.lastNumber).toBe(30);
  });
});
