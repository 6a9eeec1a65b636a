// The medication catalogue: loaded by db:migrate with the WHO essential medicines, searchable as a
// prescriber types (name, generic name, strength words), extended by admins and pharmacists.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateMysql } from '../../../db/migrate-mysql.js';
import { medications } from '../../../db/schema/index.js';
import { MEDICATION_CATALOGUE } from '../../../db/seed-data/medications.js';
import { type Actor, bearer } from '../../support/factories.js';
import { type PrescribingClinic, prescribingClinic } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
});
afterAll(() => hub.close());

const search = (actor: Actor, query: string) =>
  hub.app.inject({ method: 'GET', url: `/api/medications?${query}`, headers: bearer(actor.token) });
const total = async () => (await hub.app.db.select({ n: count() }).from(medications))[0]!.n;

describe('the medication catalogue', () => {
  it('holds the whole starting catalogue once, however often migrations run', async () => {
    expect(await total()).toBe(MEDICATION_CATALOGUE.length);
    await migrateMysql(hub.config.mysqlUrl);
    expect(await total()).toBe(MEDICATION_CATALOGUE.length);
  });

  it('finds medicines by the start of any word of the name, generic name or strength', async () => {
    const res = await search(clinic.doctor, 'query=amox%20500');
    expect(res.statusCode).toBe(200);
    const found = res.json().medications as { name: string; genericName: string; strength: string }[];
    expect(found.map((m) => `${m.name} ${m.strength}`).sort()).toEqual(['Amoxicillin 500 mg', 'Co-amoxiclav 500 mg + 125 mg']);
    const clav = (await search(clinic.doctor, 'query=clavulanic')).json().medications;
    expect(clav.every((m: { genericName: string }) => m.genericName.includes('clavulanic acid'))).toBe(true);
    // A typed "%" is a character, not a wildcard.
    expect((await search(clinic.doctor, 'query=%25')).json().medications).toEqual([]);
    const morphine = (await search(clinic.pharmacist, 'query=morphine')).json().medications;
    expect(morphine.length).toBeGreaterThan(0);
    expect(morphine.every((m: { controlled: boolean; requiresPrescription: boolean }) => m.controlled && m.requiresPrescription)).toBe(
      true,
    );
  });

  it('with a location, entries carry no stock until the pharmacy keeps some; an unknown location is 404', async () => {
    const res = await search(clinic.doctor, `query=salbutamol&locationId=${clinic.location.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().medications[0]).not.toHaveProperty('onHand');
    expect((await search(clinic.doctor, 'query=salbutamol&locationId=01ARZ3NDEKTSV4RRFFQ69G5FAV')).statusCode).toBe(404);
  });

  it('admins and pharmacists add medicines; a controlled one always needs a prescription; no duplicates', async () => {
    const body = {
      name: 'Tramadol',
      genericName: 'Tramadol',
      form: 'capsule',
      strength: '50 mg',
      classes: ['opioids'],
      controlled: true,
      requiresPrescription: false,
    };
    for (const actor of [clinic.doctor, clinic.receptionist, clinic.patient])
      expect(
        (await hub.app.inject({ method: 'POST', url: '/api/medications', headers: bearer(actor.token), payload: body })).statusCode,
      ).toBe(403);
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/medications',
      headers: bearer(clinic.pharmacist.token),
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ genericName: 'tramadol', controlled: true, requiresPrescription: true });
    const again = await hub.app.inject({ method: 'POST', url: '/api/medications', headers: bearer(clinic.admin.token), payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('MEDICATION_EXISTS');
    // Another entry of a controlled generic cannot be added as uncontrolled or without its classes.
    const weaker = await hub.app.inject({
      method: 'POST',
      url: '/api/medications',
      headers: bearer(clinic.pharmacist.token),
      payload: { name: 'Morphine sulfate', genericName: 'morphine', form: 'tablet', strength: '10 mg', controlled: false },
    });
    expect(weaker.statusCode).toBe(201);
    expect(weaker.json()).toMatchObject({ controlled: true, requiresPrescription: true, classes: ['opioids'] });
  });
});
