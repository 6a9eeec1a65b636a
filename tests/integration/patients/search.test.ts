// Finding a patient at the desk however the name is typed: without the apostrophe or hyphen, with
// a space instead, without accents, in any case, first name first or last name first. A query of
// punctuation alone lists nobody by name, and LIKE wildcards typed in a query are plain text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../support/factories.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  for (const [key, firstName, lastName, dateOfBirth] of [
    ['obrien', 'Liam', "O'Brien", '1980-01-01'],
    ['jose', 'José', 'García-Márquez', '1975-05-05'],
    ['mj', 'Mary-Jane', 'Watson', '1992-09-09'],
    ['oberon', 'Ob', 'Eron', '1960-03-03'],
  ] as const) {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: bearer(clinic.receptionist.token),
      payload: { firstName, lastName, dateOfBirth, phone: '+1 212 555 0160' },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
});
afterAll(() => hub.close());

async function found(query: string): Promise<string[]> {
  const res = await hub.app.inject({
    method: 'GET',
    url: `/api/patients?query=${encodeURIComponent(query)}`,
    headers: bearer(clinic.receptionist.token),
  });
  expect(res.statusCode, res.body).toBe(200);
  const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return res.json().patients.flatMap((p: { id: string }) => (names[p.id] ? [names[p.id]] : []));
}

describe('GET /api/patients?query=', () => {
  it('"obrien", "o brien", "O’Brien" and "OBRIEN" find O\'Brien', async () => {
    for (const query of ['obrien', 'o brien', "O'Brien", 'O’Brien', 'OBRIEN', 'o-bri']) {
      expect(await found(query), query).toEqual(['obrien']);
    }
  });

  it('"jose" finds José, and accents, hyphens and case do not matter in last names either', async () => {
    for (const query of ['jose', 'JOSÉ', 'garcia', 'garcia marquez', 'garciamarq', 'García-Már', 'jose garcia', 'garcia marquez jose']) {
      expect(await found(query), query).toEqual(['jose']);
    }
  });

  it('first and last name together, in either order; hyphenated first names with or without the hyphen', async () => {
    for (const query of ['mary jane', 'maryjane', 'Mary-Jane Wat', 'watson mary']) {
      expect(await found(query), query).toEqual(['mj']);
    }
    expect(await found('liam o')).toEqual(['obrien']);
  });

  it('names match from their start; punctuation alone or wildcards match nobody by name', async () => {
    expect(await found('brien')).toEqual([]);
    expect(await found('ob').then((r) => r.sort())).toEqual(['oberon', 'obrien']);
    expect(await found("'")).toEqual([]);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
  });
});
