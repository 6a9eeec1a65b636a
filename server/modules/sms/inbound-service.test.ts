// Which replies are commands (docs/SMS.md): C/CONFIRM/YES confirm, the carriers' stop words stop,
// START/UNSTOP start again; trimmed, any case; anything else is no command. (What a command then
// does needs the database: tests/integration/sms.)
import { describe, expect, it } from 'vitest';
import { commandOf, SMS_ACTOR_ID } from './inbound-service.js';

describe('commandOf', () => {
  it.each([
    ['C', 'confirm'],
    ['CONFIRM', 'confirm'],
    ['YES', 'confirm'],
    ['STOP', 'stop'],
    ['STOPALL', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['END', 'stop'],
    ['QUIT', 'stop'],
    ['START', 'start'],
    ['UNSTOP', 'start'],
  ] as const)('reads %s as %s', (text, command) => {
    expect(commandOf(text)).toBe(command);
  });

  it('ignores case and surrounding white space', () => {
    expect(commandOf(' c ')).toBe('confirm');
    expect(commandOf('\nStop\t')).toBe('stop');
    expect(commandOf('yes')).toBe('confirm');
    expect(commandOf('Start')).toBe('start');
  });

  it('is no command for anything else, including near misses and sentences', () => {
    for (const text of ['', '   ', 'Y', 'NO', 'CANCEL', 'C.', 'YES!', 'STOP IT', 'please confirm', 'S T O P', 'confirmed']) {
      expect(commandOf(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('does not treat properties of plain objects as commands', () => {
    expect(commandOf('constructor')).toBeNull();
    expect(commandOf('toString')).toBeNull();
  });
});

describe('SMS_ACTOR_ID', () => {
  it('can never be a real id (ids are 26-character ULIDs)', () => {
    expect(SMS_ACTOR_ID).toBe('sms');
    expect(SMS_ACTOR_ID).not.toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
