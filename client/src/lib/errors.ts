// Every error the API can return, as a sentence a person understands. The codes are the
// server's one list (server/errors.ts): a code without a sentence here does not compile.
// A type-only import: nothing of the server reaches the browser bundle.
import type { ErrorCode } from '../../../server/errors.js';

/** A sentence per server code, plus NETWORK: the client's own code for "no answer at all". */
export const SENTENCES: Readonly<Record<ErrorCode, string> & { NETWORK: string }> = {
  VALIDATION_FAILED: 'Some of the details are not valid. Please check them and try again.',
  INVALID_JSON: 'Something went wrong sending your request. Please try again.',
  UNAUTHORIZED: 'Please sign in again.',
  TOKEN_EXPIRED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'That could not be found. It may have been removed.',
  EMAIL_TAKEN: 'Someone is already registered with that email address.',
  SLOT_UNAVAILABLE: 'That time has just been taken or is not available. Please pick another.',
  SLOT_NOT_ON_GRID: 'Appointments start at fixed times. Please pick one of the times offered.',
  SLOT_IN_PAST: 'That time has already passed. Please pick a later one.',
  INVALID_TRANSITION: 'That is not possible for this visit any more (its status has changed).',
  CHECK_IN_NOT_TODAY: 'Patients can only be checked in on the day of their visit.',
  CHANGE_CUTOFF_PASSED: 'It is too close to the visit to change it online. Please call the clinic.',
  VISIT_LIMIT_REACHED: 'You have as many upcoming visits as can be booked online. Please call the clinic to book more.',
  QUEUE_EMPTY: 'Nobody is waiting right now.',
  IDEMPOTENCY_KEY_REUSED: 'This request was already sent with different details.',
  INVALID_PHONE: 'That phone number does not look right. Include the country code if it is not local.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  PAYLOAD_TOO_LARGE: 'That is too large to send. Please make it shorter or smaller.',
  FILE_TOO_LARGE: 'That file is larger than the clinic accepts. Please send a smaller file.',
  UNSUPPORTED_FILE_TYPE: 'That kind of file cannot be kept in the record. Please send a PDF, PNG, JPEG, DICOM or plain text file.',
  ACCESS_REASON_REQUIRED: 'Please say why you are opening this record; the reason is kept in the audit log.',
  SERVICE_UNAVAILABLE: 'The clinic system is busy or restarting. Please try again in a moment.',
  STORE_UNAVAILABLE: 'The clinic system cannot reach its records right now. Nothing was saved; please try again in a moment.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
  UNSUPPORTED_MEDIA_TYPE: 'Something went wrong sending your request. Please try again.',
  METHOD_NOT_ALLOWED: 'That action is not available here.',
  LICENSE_TAKEN: 'Another doctor is already registered with that licence number.',
  DUPLICATE_PATIENT: 'This patient may already be registered. Please check the record shown before adding another.',
  SCHEDULE_OVERLAP: 'Those working hours overlap. Please check the times.',
  CONFLICT: 'Someone else changed this at the same time. Please reload and try again.',
  DOCTOR_BUSY: 'The doctor is still with a patient. Complete or undo that visit first.',
  DOCTOR_INACTIVE: 'This doctor is not taking appointments.',
  UNDO_TOO_LATE: 'A call can only be undone within a minute.',
  NO_SHOW_TOO_EARLY: 'It is too early to mark this visit as a no-show.',
  DUPLICATE_VISIT: 'This patient already has a visit with this doctor today. Check that visit in instead, or add the walk-in anyway.',
  NOTE_EXISTS: 'This visit already has a note. Open it to add a new version.',
  VERSION_CONFLICT: 'This note was saved elsewhere meanwhile. Compare the newer version with yours before saving.',
  ALLERGY_CONFLICT:
    'A medicine on this prescription matches one of the patient’s allergies. Change it, or give a reason to prescribe anyway.',
  PRESCRIPTION_SIGNED: 'This prescription is signed and cannot change. Cancel it and issue a corrected one.',
  PRESCRIPTION_NOT_ACTIVE: 'This prescription is no longer active.',
  VISIT_NOT_PRESCRIBABLE: 'Prescriptions can be written once the visit has started.',
  CONTROLLED_SUBSTANCE: 'Controlled medicines cannot have refills.',
  REFILL_PENDING: 'A refill request for this prescription is already waiting for the doctor.',
  REFILL_DECIDED: 'This refill request has already been answered.',
  UNKNOWN_MEDICATION: 'That medicine is not in the catalogue.',
  MEDICATION_EXISTS: 'That medicine is already in the catalogue.',
  INSUFFICIENT_STOCK: 'There is not enough of this in stock. Choose another lot, dispense part, or receive a delivery first.',
  LOT_EXPIRED: 'That lot has expired and cannot be dispensed.',
  NOT_DISPENSABLE: 'This prescription cannot be dispensed now (not signed, on hold, cancelled, expired or already dispensed).',
  OVERPAYMENT: 'That is more than is still owed on this invoice.',
  INVOICE_VOID: 'This invoice was cancelled (void).',
  INVOICE_PAID: 'This invoice is paid in full, so its lines can no longer change. Refund a payment first.',
  INVOICE_HAS_PAYMENTS: 'This invoice has payments on it. Refund them before cancelling it.',
  LINE_VOIDED: 'That line was already removed.',
  LINE_BELOW_PAID: 'Removing that line would leave less owed than was paid. Refund a payment first.',
  REFUND_EXCEEDS_PAYMENT: 'That is more than can still be refunded on this payment.',
  ONLINE_PAYMENT_DISABLED: 'Online payment is not available at this clinic. Please pay at the desk.',
  NOTHING_TO_PAY: 'Nothing is owed on this invoice.',
  CLAIM_PENDING: 'An insurance claim for this invoice is already waiting for a decision.',
  CLAIM_DECIDED: 'This insurance claim has already been decided.',
  CASH_UP_EXISTS: 'This desk has already been cashed up for that day.',
  CURRENCY_IN_USE: 'This location has already billed in its currency, so the currency can no longer change.',
  UNKNOWN_CURRENCY: 'That currency is not known. Use a three-letter code such as USD or EUR.',
  PAYMENT_PROVIDER_ERROR: 'The payment provider could not take the payment just now. Nothing was charged; please try again.',
  PATIENT_HAS_NO_LOGIN: 'This patient has no portal account, so they cannot receive messages.',
  CLIENT_MESSAGE_ID_REUSED: 'This message was already sent with different text.',
  TOO_MANY_EDITS: 'This message has been edited too many times.',
  MESSAGE_DELETED: 'This message was deleted.',
  INVALID_SIGNATURE: 'The request could not be verified.',
  FEEDBACK_EXISTS: 'Feedback about this visit has already been given. Thank you.',
  VISIT_NOT_COMPLETED: 'Feedback can be given once the visit is over.',
  FEEDBACK_CLOSED: 'This visit was too long ago to give feedback about it.',
  FEEDBACK_LINK_INVALID: 'This feedback link is not valid or has expired. Sign in to the portal to give feedback.',
  FEEDBACK_NOT_APPROVED: 'This feedback is not published, so this cannot be done yet.',
  REPLY_EXISTS: 'A reply has already been written to this feedback.',
  NO_REPLY: 'There is no reply to report.',
  UNKNOWN_PLACEHOLDER: 'The template uses a placeholder this message does not have. Pick one from the list.',
  SMS_TOO_LONG: 'This text message would be too long. Please shorten it.',
  NETWORK: 'The clinic system cannot be reached. Check the connection and try again.',
};

/**
 * What an error body may add about one field: `field` (a body field's name) and `reason`, a sentence
 * the server wrote for people (server/errors.ts invalidField). The server's `message` is for
 * developers and logs and is never shown; `reason` is, and only as text.
 */
export interface FieldProblem {
  field?: string;
  reason?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail?: string,
    readonly problem: FieldProblem = {},
    /** The error body as sent, for a view that acts on a code's extra fields (DUPLICATE_PATIENT's matches); never shown as such. */
    readonly answer: Readonly<Record<string, unknown>> = {},
  ) {
    super(Object.hasOwn(SENTENCES, code) ? SENTENCES[code as keyof typeof SENTENCES] : SENTENCES.INTERNAL);
    this.name = 'ApiError';
  }

  /** What the server added for this code: the body's `details` (e.g. `latest`, `allowedFrom`, `matches`). */
  get details(): Readonly<Record<string, unknown>> {
    const details = this.answer.details;
    return details && typeof details === 'object' ? (details as Record<string, unknown>) : this.answer;
  }
}

const text = (value: unknown, max: number) => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined);

/** The ApiError for an error answer: its code, its message kept as detail, and a field's reason if it names one. */
export function apiErrorFrom(status: number, answer: unknown): ApiError {
  const body = (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown>;
  const field = text(body.field, 100);
  // A reason is shown to people only on a request's own validation errors, and only a short sentence.
  const reason = body.code === 'VALIDATION_FAILED' ? text(body.reason, 300) : undefined;
  return new ApiError(text(body.code, 100) ?? 'INTERNAL', status, text(body.message, 1000), { field, reason }, body);
}

/** The sentence to show for any thrown value: the server's reason for a field when it gave one. */
export function sentenceFor(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'UNAUTHORIZED' && err.detail === 'login') return 'The email or password is not correct.';
    return err.problem.reason ?? err.message;
  }
  return SENTENCES.INTERNAL;
}

/** The sentence to show beside `field` when `err` is about that field (a reason, or the code's sentence); null otherwise. */
export function problemWith(err: unknown, field: string): string | null {
  return err instanceof ApiError && err.problem.field === field ? sentenceFor(err) : null;
}
