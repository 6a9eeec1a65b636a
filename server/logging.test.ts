import { describe, expect, it } from 'vitest';
import { safeError } from './logging.js';

describe('safeError', () => {
  it('drops query parameters and quoted values from database errors', () => {
    const cause = Object.assign(new Error("Duplicate entry 'ana@example.org' for key 'users_email_unique'"), {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
    });
    const err = new Error('Failed query: insert into `users` values (?, ?)\nparams: ana@example.org,Ana Costa', { cause });
    const out = JSON.stringify(safeError(err));
    expect(out).not.toContain('ana@example.org');
    expect(out).not.toContain('Ana Costa');
    expect(out).toContain('ER_DUP_ENTRY');
    expect(out).toContain('Failed query: insert into `users`');
  });
});
