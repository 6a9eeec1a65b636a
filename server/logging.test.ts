import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { requestId, requestLogger, safeError } from './logging.js';

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

describe('requestLogger', () => {
  const logged = () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    return { lines, logger };
  };

  it('makes no pino child for a request that logs nothing at an enabled level', () => {
    const { lines, logger } = logged();
    const child = vi.spyOn(logger, 'child');
    const log = requestLogger(logger, { reqId: 'r1' }, {});
    log.info('incoming request');
    log.debug('details');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('writes what pino’s own child would, request id included', () => {
    const { lines, logger } = logged();
    const log = requestLogger(logger, { reqId: 'r2' }, {});
    log.warn({ code: 'X' }, 'slow');
    log.error('failed');
    expect(lines.map(({ reqId, code, msg, level }) => ({ reqId, code, msg, level }))).toEqual([
      { reqId: 'r2', code: 'X', msg: 'slow', level: 40 },
      { reqId: 'r2', code: undefined, msg: 'failed', level: 50 },
    ]);
  });
});

describe('requestId', () => {
  it('keeps a well-formed incoming id, otherwise makes distinct UUID-shaped ones', () => {
    expect(requestId({ headers: { 'x-request-id': 'proxy-42' } })).toBe('proxy-42');
    const made = [requestId({ headers: { 'x-request-id': 'bad id!' } }), requestId({ headers: {} })];
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(made[0]).not.toBe(made[1]);
  });
});
