// The appointment state machine of DESIGN.md, as data. Anything not listed is refused with
// 409 INVALID_TRANSITION and changes nothing.
//
//   scheduled → confirmed → checked_in → called → in_progress → completed
//       │            │           │          │
//       └────────────┴───────────┴──────────┴──▶ cancelled | no_show
//
// A call can be undone within a minute (called → checked_in, back to the head of the queue).
// Check-in also accepts a visit that was never confirmed: patients who did not answer the
// confirmation still arrive, and the desk must be able to queue them.
import type { AppointmentStatus } from '../../../db/schema/scheduling.js';
import { AppError, ErrorCode } from '../../errors.js';

export type Action = 'confirm' | 'checkIn' | 'call' | 'undoCall' | 'start' | 'complete' | 'cancel' | 'noShow' | 'reschedule';

const ALLOWED: Record<Action, readonly AppointmentStatus[]> = {
  confirm: ['scheduled'],
  checkIn: ['scheduled', 'confirmed'],
  call: ['checked_in'],
  undoCall: ['called'],
  start: ['called'],
  complete: ['in_progress'],
  cancel: ['scheduled', 'confirmed', 'checked_in', 'called'],
  noShow: ['scheduled', 'confirmed', 'checked_in', 'called'],
  reschedule: ['scheduled', 'confirmed'],
};

export const TARGET: Record<Exclude<Action, 'reschedule'>, AppointmentStatus> = {
  confirm: 'confirmed',
  checkIn: 'checked_in',
  call: 'called',
  undoCall: 'checked_in',
  start: 'in_progress',
  complete: 'completed',
  cancel: 'cancelled',
  noShow: 'no_show',
};

const VERB: Record<Action, string> = {
  confirm: 'confirm',
  checkIn: 'check in',
  call: 'call',
  undoCall: 'undo the call of',
  start: 'start',
  complete: 'complete',
  cancel: 'cancel',
  noShow: 'mark as no-show',
  reschedule: 'reschedule',
};

export function assertTransition(action: Action, from: AppointmentStatus): void {
  if (!ALLOWED[action].includes(from)) {
    throw new AppError(409, ErrorCode.INVALID_TRANSITION, `Cannot ${VERB[action]} an appointment that is ${from.replace('_', ' ')}`, {
      from,
      action,
    });
  }
}

/** Statuses in which a visit still holds its time (and counts against availability). */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['scheduled', 'confirmed', 'checked_in', 'called', 'in_progress', 'completed'];

/** The cancel reason a reschedule writes on the visit it replaces (booking.ts): that visit moved, it did not happen. */
export const RESCHEDULED_REASON = 'Rescheduled';
