import { describe, expect, it } from 'vitest';
import { unavailableStore } from './store-errors.js';

const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe('unavailableStore', () => {
  it('knows MySQL connection failures, also wrapped by Drizzle', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111 });
    expect(unavailableStore(refused)).toBe('mysql');
    expect(unavailableStore(new Error('Failed query: insert …', { cause: refused }))).toBe('mysql');
    expect(unavailableStore(Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBe('mysql');
    expect(unavailableStore(Object.assign(new Error('shutdown'), { errno: 1053 }))).toBe('mysql');
  });

  it('knows MongoDB and Redis unavailability', () => {
    expect(unavailableStore(named('MongoServerSelectionError'))).toBe('mongo');
    expect(unavailableStore(named('MongoTopologyClosedError'))).toBe('mongo');
    expect(unavailableStore(named('MaxRetriesPerRequestError'))).toBe('redis');
    expect(unavailableStore(new Error('Command timed out'))).toBe('redis');
    expect(unavailableStore(new Error('Connection is closed.'))).toBe('redis');
  });

  it('leaves every other error alone (a duplicate key, a deadlock, a bug, a Mongo write error)', () => {
    expect(unavailableStore(Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY', errno: 1062 }))).toBeNull();
    expect(unavailableStore(Object.assign(new Error('Deadlock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBeNull();
    expect(unavailableStore(named('MongoServerError'))).toBeNull();
    expect(unavailableStore(new TypeError('undefined is not a function'))).toBeNull();
    expect(unavailableStore(null)).toBeNull();
  });
});
