// What an audit entry keeps of a change: the names of the fields that changed, and their old and
// new values only for fields the route keeps — never for clinical text or secrets, even if listed.
import { describe, expect, it } from 'vitest';
import { describeChanges } from './log.js';

describe('describeChanges', () => {
  it('names every changed field and gives values only for kept ones', () => {
    const before = { id: 'A', status: 'confirmed', reason: 'Chest pain since Monday', startAt: 't1' };
    const after = { id: 'A', status: 'cancelled', reason: 'Chest pain since Monday', startAt: 't2', cancelReason: 'Feels better' };
    expect(describeChanges(before, after, ['id', 'status', 'startAt'])).toEqual([
      { field: 'status', from: 'confirmed', to: 'cancelled' },
      { field: 'startAt', from: 't1', to: 't2' },
      { field: 'cancelReason' },
    ]);
  });

  it('looks one level into objects, so a note records which part changed but not its words', () => {
    const before = { version: 1, soap: { subjective: 'Cough for two weeks', plan: 'Rest' } };
    const after = { version: 2, soap: { subjective: 'Cough for three weeks', plan: 'Rest' } };
    const changes = describeChanges(before, after, ['version', 'soap']);
    expect(changes).toEqual([{ field: 'version', from: 1, to: 2 }, { field: 'soap.subjective' }]);
    expect(JSON.stringify(changes)).not.toContain('Cough');
  });

  it('never keeps a never-kept field, even when a route lists it', () => {
    const changes = describeChanges(null, { id: 'M', body: 'I feel dizzy', token: 'dsp_secret', password: 'hunter2' }, [
      'id',
      'body',
      'token',
      'password',
    ]);
    expect(changes).toEqual([{ field: 'id', to: 'M', from: null }, { field: 'body' }, { field: 'token' }, { field: 'password' }]);
    expect(JSON.stringify(changes)).not.toMatch(/dizzy|dsp_secret|hunter2/);
  });

  it('records a creation as the fields it sets, and nothing when there is nothing to compare', () => {
    expect(describeChanges(null, { id: 'X', email: 'a@b.c', note: null }, ['id', 'email'])).toEqual([
      { field: 'id', from: null, to: 'X' },
      { field: 'email', from: null, to: 'a@b.c' },
    ]);
    expect(describeChanges(null, null, ['id'])).toBeNull();
    expect(describeChanges(undefined, 'not an object', [])).toBeNull();
  });
});
