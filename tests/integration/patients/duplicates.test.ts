// Registering a patient who is already there: the same first and last name (whatever the case,
// accents, spaces or punctuation) and birth date get 409 DUPLICATE_PATIENT naming the existing
// record, as much as a desk needs to recognise it; allowDuplicate registers anyway; a shared phone
// alone is no match; two desks at the same moment get one record and one 409. And the birth-date
// rule, refused with a field and a sentence for people.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patients } from '../../../db/schema/index.js';
import { type Actor, bearer, PASSWORD } from '../../support/factories.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
});
afterAll(() => hub.close());

const register = (actor: Actor, payload: object) =>
  hub.app.inject({ method: 'POST', url: '/api/patients', headers: bearer(actor.token), payload });
const countNamed = async (query: string) =>
  (
    await hub.app.inject({
      method: 'GET',
      url: `/api/patients?query=${encodeURIComponent(query)}`,
      headers: bearer(clinic.receptionist.token),
    })
  ).json().total as number;

describe('POST /api/patients with someone already registered', () => {
  it('answers 409 DUPLICATE_PATIENT naming the match (names, birth date, masked phone, login), whatever the spelling', async () => {
    const first = await register(clinic.receptionist, {
      firstName: 'Seán',
      lastName: "O'Brien",
      dateOfBirth: '1971-08-15',
      phone: '+1 212 555 0171',
      email: 'sean.obrien@test.example',
      password: PASSWORD,
    });
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json().id as string;

    for (const [firstName, lastName] of [
      ['Seán', "O'Brien"],
      ['sean', 'obrien'],
      ['SEAN', 'O Brien'],
      [' Sean ', 'O’Brien'],
    ] as const) {
      const again = await register(clinic.receptionist, { firstName, lastName, dateOfBirth: '1971-08-15', phone: '+1 646 555 0199' });
      expect(again.statusCode, `${firstName} ${lastName}`).toBe(409);
      const body = again.json();
      expect(body.code).toBe('DUPLICATE_PATIENT');
      const match = { id, firstName: 'Seán', lastName: "O'Brien", dateOfBirth: '1971-08-15', maskedPhone: '•••••••0171', hasLogin: true };
      expect(body.matches).toEqual([match]);
      expect(body.details).toEqual({ matches: [match] });
      // Nothing else of the record (email, address, the full number) is in the answer.
      expect(again.body).not.toContain('sean.obrien@test.example');
      expect(again.body).not.toContain('5550171');
    }
    expect(await countNamed('obrien')).toBe(1);
  });

  it('allowDuplicate: true registers anyway, and the next plain attempt names both records', async () => {
    const person = { firstName: 'Maria', lastName: 'Lopez', dateOfBirth: '1984-03-12', phone: '+1 212 555 0111' };
    const first = await register(clinic.receptionist, person);
    expect(first.statusCode).toBe(201);
    expect((await register(clinic.receptionist, person)).statusCode).toBe(409);
    const second = await register(clinic.receptionist, { ...person, allowDuplicate: true });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).not.toHaveProperty('allowDuplicate');
    const third = await register(clinic.admin, person);
    expect(third.statusCode).toBe(409);
    expect(third.json().matches.map((m: { id: string }) => m.id)).toEqual([first.json().id, second.json().id]);
    expect(third.json().matches.map((m: { hasLogin: boolean }) => m.hasLogin)).toEqual([false, false]);
  });

  it('a shared phone, another birth date or another first name is no match', async () => {
    const family = { lastName: 'Nakamura', phone: '+1 212 555 0180' };
    for (const [firstName, dateOfBirth] of [
      ['Hana', '1980-02-02'],
      ['Kenji', '1980-02-02'],
      ['Hana', '2010-06-06'],
    ] as const) {
      const res = await register(clinic.receptionist, { ...family, firstName, dateOfBirth });
      expect(res.statusCode, `${firstName} ${dateOfBirth}`).toBe(201);
    }
  });

  it('two desks registering the same person at the same moment: one record, one 409', async () => {
    const person = { firstName: 'Zofia', lastName: 'Wiśniewska', dateOfBirth: '1990-10-10', phone: '+1 212 555 0190' };
    const desks = [clinic.receptionist, clinic.admin, clinic.receptionist, clinic.admin];
    const answers = await Promise.all(desks.map((desk) => register(desk, person)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    const created = answers.find((a) => a.statusCode === 201)!.json().id;
    for (const refused of answers.filter((a) => a.statusCode === 409)) {
      expect(refused.json()).toMatchObject({ code: 'DUPLICATE_PATIENT', matches: [{ id: created }] });
    }
    expect(await countNamed('wisniewska')).toBe(1);
  });

  it('allowDuplicate with nobody to duplicate registers an ordinary record, which later registrations are checked against', async () => {
    const person = { firstName: 'Ilse', lastName: 'Brandvold', dateOfBirth: '1961-02-03', phone: '+1 212 555 0191' };
    const first = await register(clinic.receptionist, { ...person, allowDuplicate: true });
    expect(first.statusCode, first.body).toBe(201);
    // Not a deliberate duplicate of anyone: it keeps its identity key, so the unique index (not only
    // the read before the insert) stops a second desk registering the same person at the same moment.
    const [row] = await hub.app.db
      .select({ duplicate: patients.registeredAsDuplicate })
      .from(patients)
      .where(eq(patients.id, first.json().id));
    expect(row?.duplicate).toBe(false);
    const again = await register(clinic.admin, person);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE_PATIENT', matches: [{ id: first.json().id }] });
    expect(await countNamed('brandvold')).toBe(1);
  });

  it('a patient may not register, nor see matches', async () => {
    const res = await register(clinic.patient, {
      firstName: 'Seán',
      lastName: "O'Brien",
      dateOfBirth: '1971-08-15',
      phone: '+1 212 555 0171',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('0171');
  });

  it('the 409 and allowDuplicate are in the OpenAPI document', async () => {
    const doc = (await hub.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const post = doc.paths['/api/patients'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.properties.allowDuplicate.type).toBe('boolean');
    const conflict = post.responses['409'].content['application/json'].schema;
    expect(Object.keys(conflict.properties.matches.items.properties).sort()).toEqual(
      ['dateOfBirth', 'firstName', 'hasLogin', 'id', 'lastName', 'maskedPhone'].sort(),
    );
  });
});

describe('the birth date rule', () => {
  it('refuses 1850 and the future with the field and a sentence for people', async () => {
    const base = { firstName: 'Old', lastName: 'Timer', phone: '+1 212 555 0177' };
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const [dateOfBirth, reason] of [
      ['1850-04-01', 'A date of birth cannot be before 1900. Please check the year.'],
      ['1899-12-31', 'A date of birth cannot be before 1900. Please check the year.'],
      [tomorrow, 'A date of birth cannot be in the future.'],
    ] as const) {
      const res = await register(clinic.receptionist, { ...base, dateOfBirth });
      expect(res.statusCode, dateOfBirth).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dateOfBirth', reason });
      // The sentence never repeats what was sent.
      expect(res.json().reason).not.toContain(dateOfBirth);
    }
    // A date the schema refuses (no 30 February) names the field too, for the form to show it there.
    const impossible = await register(clinic.receptionist, { ...base, dateOfBirth: '1990-02-30' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dateOfBirth', details: { field: 'dateOfBirth' } });
    const missing = await register(clinic.receptionist, { firstName: 'No', lastName: 'Birthday', phone: '+1 212 555 0178' });
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dateOfBirth' });
    const today = new Date().toISOString().slice(0, 10);
    for (const dateOfBirth of ['1900-01-01', today]) {
      const res = await register(clinic.receptionist, { ...base, firstName: `Ok${dateOfBirth.slice(0, 4)}`, dateOfBirth });
      expect(res.statusCode, dateOfBirth).toBe(201);
    }
  });
});
