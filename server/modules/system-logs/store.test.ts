import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { errorSummary } from './store.js';

describe('what an error may say in the system log', () => {
  it('a failed SQL query: that it failed and the driver’s code, never the statement or its values', () => {
    const cause = Object.assign(new Error("Duplicate entry 'ana@mail.example' for key 'users_email'"), {
      code: 'ER_DUP_ENTRY',
      sqlMessage: "Duplicate entry 'ana@mail.example'",
    });
    const failed = new DrizzleQueryError('insert into `patients` (`first_name`) values (?)', ['Ana'], cause);
    expect(errorSummary(failed)).toBe('A database query failed (ER_DUP_ENTRY)');
    expect(errorSummary(cause)).toBe('A database query failed (ER_DUP_ENTRY)');
  });

  it('any other error: its first line only', () => {
    expect(errorSummary(new Error('SMTP timed out\n  at socket (details: ana@mail.example)'))).toBe('SMTP timed out');
    expect(errorSummary('plain text\nsecond line')).toBe('plain text');
  });
});
