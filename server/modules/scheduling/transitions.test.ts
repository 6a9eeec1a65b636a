// The appointment state machine: every action from every status, allowed or refused with
// 409 INVALID_TRANSITION, written out here independently of the table in transitions.ts.
import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../db/schema/scheduling.js';
import { AppError } from '../../errors.js';
import { ACTIVE_STATUSES, type Action, assertTransition, TARGET } from './transitions.js';

const ACTIONS: Action[] = ['confirm', 'checkIn', 'call', 'undoCall', 'start', 'complete', 'cancel', 'noShow', 'reschedule'];

/** The design: the only statuses each action may start from. */
const EXPECTED: Record<Action, AppointmentStatus[]> = {
  confirm: ['scheduled'],
  // A visit that was never confirmed can still be checked in.
  checkIn: ['scheduled', 'confirmed'],
  call: ['checked_in'],
  undoCall: ['called'],
  start: ['called'],
  complete: ['in_progress'],
  cancel: ['scheduled', 'confirmed', 'checked_in', 'called'],
  noShow: ['scheduled', 'confirmed', 'checked_in', 'called'],
  reschedule: ['scheduled', 'confirmed'],
};

const cases = ACTIONS.flatMap((action) => APPOINTMENT_STATUSES.map((from) => ({ action, from, allowed: EXPECTED[action].includes(from) })));

function refusal(action: Action, from: AppointmentStatus): AppError | undefined {
  try {
    assertTransition(action, from);
    return undefined;
  } catch (err) {
    return err as AppError;
  }
}

describe('assertTransition', () => {
  it('covers every action and every status (9 × 8)', () => {
    expect(cases).toHaveLength(72);
    expect(cases.filter((c) => c.allowed)).toHaveLength(17);
  });

  it.each(cases.filter((c) => c.allowed))('allows $action from $from', ({ action, from }) => {
    expect(() => assertTransition(action, from)).not.toThrow();
  });

  it.each(cases.filter((c) => !c.allowed))('refuses $action from $from with 409 INVALID_TRANSITION', ({ action, from }) => {
    const err = refusal(action, from);
    expect(err).toBeInstanceOf(AppError);
    expect(err?.statusCode).toBe(409);
    expect(err?.code).toBe('INVALID_TRANSITION');
    expect(err?.details).toEqual({ from, action });
  });

  it('names the action and the status in words in its message', () => {
    expect(refusal('noShow', 'completed')?.message).toBe('Cannot mark as no-show an appointment that is completed');
    expect(refusal('undoCall', 'in_progress')?.message).toBe('Cannot undo the call of an appointment that is in progress');
    expect(refusal('checkIn', 'no_show')?.message).toBe('Cannot check in an appointment that is no show');
    expect(refusal('confirm', 'completed')?.message).toBe('Cannot confirm an appointment that is completed');
  });

  it('lets nothing out of completed, cancelled or no-show', () => {
    for (const from of ['completed', 'cancelled', 'no_show'] as const) {
      for (const action of ACTIONS) expect(refusal(action, from), `${action} from ${from}`).toBeInstanceOf(AppError);
    }
  });
});

describe('TARGET', () => {
  it('is where each action leaves the visit', () => {
    expect(TARGET).toEqual({
      confirm: 'confirmed',
      checkIn: 'checked_in',
      call: 'called',
      undoCall: 'checked_in',
      start: 'in_progress',
      complete: 'completed',
      cancel: 'cancelled',
      noShow: 'no_show',
    });
  });

  it('walks the happy path: every step is allowed from where the previous one left the visit', () => {
    let status: AppointmentStatus = 'scheduled';
    for (const action of ['confirm', 'checkIn', 'call', 'undoCall', 'call', 'start', 'complete'] as const) {
      expect(() => assertTransition(action, status), `${action} from ${status}`).not.toThrow();
      status = TARGET[action];
    }
    expect(status).toBe('completed');
  });
});

describe('ACTIVE_STATUSES', () => {
  it('are the statuses that still hold their time: all but cancelled and no-show', () => {
    expect([...ACTIVE_STATUSES].sort()).toEqual(APPOINTMENT_STATUSES.filter((s) => s !== 'cancelled' && s !== 'no_show').sort());
  });
});
