// What a waiting-room board shows of a patient: initials, never the name. (Building the queue
// and board views reads MySQL: tests/integration/scheduling and live.)
import { describe, expect, it } from 'vitest';
import { initials } from './queue-service.js';

describe('initials', () => {
  it('is the first letter of the first and the last name, upper-cased, with dots', () => {
    expect(initials('Ana Paula', 'Costa')).toBe('A. C.');
    expect(initials('bob', 'de la Cruz')).toBe('B. D.');
  });

  it('contains no more of the name than two letters', () => {
    const shown = initials('Maximilian', 'Oberhuber');
    expect(shown.replace(/[ .]/g, '')).toHaveLength(2);
    expect(shown).not.toMatch(/ax|be/i);
  });

  it('ignores white space around the names', () => {
    expect(initials('  ana ', '\tcosta')).toBe('A. C.');
  });

  it('keeps a letter outside the BMP whole', () => {
    expect(initials('𝒜na', 'Ölz')).toBe('𝒜. Ö.');
    expect(initials('Émile', 'Zoë')).toBe('É. Z.');
  });

  it('leaves out a missing name instead of showing an empty initial', () => {
    expect(initials('Ana', '')).toBe('A.');
    expect(initials('', 'Costa')).toBe('C.');
    expect(initials(' ', ' ')).toBe('');
  });
});
