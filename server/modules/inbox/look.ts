// How each kind of notice sits in the inbox: its priority, the page its action link opens for the
// recipient's role (null where that role has no page for it, e.g. an admin's stock alert), and
// when it stops being worth listing. One table, so that every call site files the same notice the
// same way; a call site may still say otherwise.
import type { LoginRole } from '../../../db/schema/users.js';
import type { Notice, Priority } from './store.js';

export interface Look {
  priority: Priority;
  actionUrl: string | null;
  expiresAt: Date | null;
}

const HOUR = 3_600_000;
/** "It is your turn" and "you're next" are about today's queue: gone after half a day. */
const QUEUE_CALL_LIFETIME_MS = 12 * HOUR;

type Rule = { priority: Priority; url?: Partial<Record<LoginRole, string>>; expires?: (n: Notice, now: Date) => Date | null };

const visitStart = (n: Notice): Date | null => {
  const at = typeof n.data.startAt === 'string' ? new Date(n.data.startAt) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
};
const PATIENT_VISITS = { patient: '/patient#visits' };
const PATIENT_PRESCRIPTIONS = { patient: '/patient#prescriptions' };
const PATIENT_INVOICES = { patient: '/patient#invoices' };
const STOCK = { pharmacist: '/pharmacy?view=stock' };

const RULES: Record<string, Rule> = {
  // A visit's notices: a reminder or confirmation means nothing once the visit has begun.
  appointment_confirmation: { priority: 'low', url: PATIENT_VISITS, expires: visitStart },
  appointment_reminder: { priority: 'normal', url: PATIENT_VISITS, expires: visitStart },
  appointment_moved: { priority: 'high', url: PATIENT_VISITS, expires: visitStart },
  appointment_cancelled: { priority: 'high', url: PATIENT_VISITS },
  called: { priority: 'high', url: PATIENT_VISITS, expires: (_n, now) => new Date(now.getTime() + QUEUE_CALL_LIFETIME_MS) },
  you_are_next: { priority: 'high', url: PATIENT_VISITS, expires: (_n, now) => new Date(now.getTime() + QUEUE_CALL_LIFETIME_MS) },
  prescription_issued: { priority: 'normal', url: PATIENT_PRESCRIPTIONS },
  prescription_ready: { priority: 'normal', url: PATIENT_PRESCRIPTIONS },
  refill_approved: { priority: 'normal', url: PATIENT_PRESCRIPTIONS },
  refill_denied: { priority: 'normal', url: PATIENT_PRESCRIPTIONS },
  refill_requested: { priority: 'normal', url: { doctor: '/doctor' } },
  payment_received: { priority: 'low', url: PATIENT_INVOICES },
  payment_failed: { priority: 'high', url: PATIENT_INVOICES },
  feedback_request: { priority: 'low', url: { patient: '/patient#feedback' } },
  message: { priority: 'normal', url: { patient: '/patient#messages', doctor: '/doctor' } },
  message_unanswered: { priority: 'high', url: { doctor: '/doctor' } },
  feedback_follow_up: { priority: 'high', url: { admin: '/admin/feedback?followUp=open' } },
  stock_low: { priority: 'normal', url: STOCK },
  stock_expiring: { priority: 'normal', url: STOCK },
};

/** The inbox look of a notice for a recipient of `role`; an unknown type is normal, without a link or expiry. */
export function lookOf(notice: Notice, role: LoginRole, now = new Date()): Look {
  const rule = RULES[notice.type];
  if (!rule) return { priority: 'normal', actionUrl: null, expiresAt: null };
  return { priority: rule.priority, actionUrl: rule.url?.[role] ?? null, expiresAt: rule.expires?.(notice, now) ?? null };
}
