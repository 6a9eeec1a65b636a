// The one error type services throw, and the one list of stable codes of the public contract:
// every `code` the server answers with, in an HTTP error body or a socket ack's `error`, is here.
// Routes never build error bodies themselves: the error handler (plugins/errors.ts) does.
// The web client has a sentence for each code (client/src/lib/errors.ts); it will not compile
// until a new code gets one.

export const ErrorCode = {
  // The request itself
  /** 400: a body, query, path or socket payload breaks its schema or a rule (message says which). */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** 400: the body is not JSON, or is empty while Content-Type says JSON. */
  INVALID_JSON: 'INVALID_JSON',
  /** 415: a Content-Type the route does not read. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** 413: the body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** 405: reserved for a method a route does not take; not returned today (unknown routes are NOT_FOUND). */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** 400: a phone number libphonenumber cannot read as a valid number (details.field names which). */
  INVALID_PHONE: 'INVALID_PHONE',

  // Who is asking
  /** 401: no token, or a token, refresh token or login that is not valid (wrong email or password). */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** 401: the access token has expired; refresh it. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** 403: the caller is known but may not do this (role, ownership, another location's screen). */
  FORBIDDEN: 'FORBIDDEN',
  /** A webhook call without a valid, fresh signature: 401 for the SMS webhook (HMAC, or no secret set), 400 for Stripe's (Stripe-Signature, API.md). */
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  /** 429: too many requests or login attempts (details.retryAfterSeconds and Retry-After when known). */
  RATE_LIMITED: 'RATE_LIMITED',

  // Records
  /** 404: no such route, or no such record the caller may see (message names what). */
  NOT_FOUND: 'NOT_FOUND',
  /** 409: a concurrent change or a state that forbids this (edit race, duplicate type key, full thread, own login). */
  CONFLICT: 'CONFLICT',
  /** 409: a login with this email exists already. */
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  /** 409: a doctor with this licence number exists already. */
  LICENSE_TAKEN: 'LICENSE_TAKEN',
  /**
   * 409: POST /api/patients for someone already registered: same first and last name (ignoring case,
   * accents, spaces and punctuation) and birth date. details.matches lists them ({id, firstName,
   * lastName, dateOfBirth, maskedPhone, hasLogin}); allowDuplicate: true registers anyway.
   */
  DUPLICATE_PATIENT: 'DUPLICATE_PATIENT',
  /** 400: two weekly schedule rules of one weekday overlap. */
  SCHEDULE_OVERLAP: 'SCHEDULE_OVERLAP',

  // Booking
  /** 409: the time is taken, held, outside the doctor's hours or the doctor is away (details.conflicts for a series). */
  SLOT_UNAVAILABLE: 'SLOT_UNAVAILABLE',
  /** 400: the start is not on the doctor's grid of consultation lengths from the opening time. */
  SLOT_NOT_ON_GRID: 'SLOT_NOT_ON_GRID',
  /** 400: the start is not in the future. */
  SLOT_IN_PAST: 'SLOT_IN_PAST',
  /** 409: a booking, hold, reschedule or walk-in for a doctor who is not seeing patients (deactivated). */
  DOCTOR_INACTIVE: 'DOCTOR_INACTIVE',
  /** 409: a patient changes or cancels a visit inside the location's cut-off (details.cutoffHours). */
  CHANGE_CUTOFF_PASSED: 'CHANGE_CUTOFF_PASSED',
  /**
   * 409: a patient booking (or holding) for themself is past one of the location's booking limits;
   * details.limit names the location setting (patientMaxUpcomingVisitsPerDoctor,
   * patientMaxUpcomingVisits or patientMaxSeriesWeeks) and details.max its value. Nothing is booked.
   */
  VISIT_LIMIT_REACHED: 'VISIT_LIMIT_REACHED',
  /** 422: an Idempotency-Key reused for a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',

  // The visit and the queue
  /** 409: the visit's status does not allow this action (details.from, details.action). */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** 409: a check-in on another day than the visit's (details.visitDay). */
  CHECK_IN_NOT_TODAY: 'CHECK_IN_NOT_TODAY',
  /** 409: call-next while nobody is waiting for the doctor. */
  QUEUE_EMPTY: 'QUEUE_EMPTY',
  /** 409: call-next while the doctor still has a patient called or in progress. */
  DOCTOR_BUSY: 'DOCTOR_BUSY',
  /** 409: undo of a call more than a minute after it. */
  UNDO_TOO_LATE: 'UNDO_TOO_LATE',
  /**
   * 409: a no-show marked too early: before the visit's start time, or (for a called visit) before
   * NO_SHOW_AFTER_CALL has passed since the call; details.allowedFrom says from when (ISO instant).
   */
  NO_SHOW_TOO_EARLY: 'NO_SHOW_TOO_EARLY',
  /**
   * 409: a walk-in for a patient who already has a visit booked with the same doctor that day;
   * details.appointmentId and details.startAt name it. `allowDuplicate: true` adds the walk-in anyway.
   */
  DUPLICATE_VISIT: 'DUPLICATE_VISIT',

  // Notes and messages
  /** 409: a second note for a visit; add a version to the first (PUT /api/notes/:id). */
  NOTE_EXISTS: 'NOTE_EXISTS',
  /** 409: a note saved on top of a version that is no longer the latest (details.latest: the newer note). */
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** 409: a prescribed medicine matches one of the patient's allergies (details.conflicts); send allergyOverrideReason to prescribe anyway. */
  ALLERGY_CONFLICT: 'ALLERGY_CONFLICT',
  /** 409: a signed prescription cannot change; cancel it and reissue a corrected one. */
  PRESCRIPTION_SIGNED: 'PRESCRIPTION_SIGNED',
  /** 409: the prescription's status does not allow this (details.status). */
  PRESCRIPTION_NOT_ACTIVE: 'PRESCRIPTION_NOT_ACTIVE',
  /** 409: a prescription for a visit that is not under way or done (scheduled, cancelled, no-show). */
  VISIT_NOT_PRESCRIBABLE: 'VISIT_NOT_PRESCRIBABLE',
  /** 409: refills asked for a controlled substance (none allowed), or a refill request on one. */
  CONTROLLED_SUBSTANCE: 'CONTROLLED_SUBSTANCE',
  /** 409: a refill request while another one for the same prescription waits for the prescriber. */
  REFILL_PENDING: 'REFILL_PENDING',
  /** 409: a refill request that was decided already. */
  REFILL_DECIDED: 'REFILL_DECIDED',
  /** 400: a medicine that is not in the catalogue or no longer active (details.field). */
  UNKNOWN_MEDICATION: 'UNKNOWN_MEDICATION',
  /** 409: a medicine with this generic name, form, strength and name is in the catalogue already. */
  MEDICATION_EXISTS: 'MEDICATION_EXISTS',
  /** 409: a stock change or dispense the lot(s) cannot cover; stock never goes below zero (details.lotId, details.onHand). */
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  /** 409: a dispense from a lot past its expiry date (details.lotId, details.expiresOn). */
  LOT_EXPIRED: 'LOT_EXPIRED',
  /** 409: a dispense of a prescription that is not signed and dispensable (draft, cancelled, expired, on hold, fully dispensed). */
  NOT_DISPENSABLE: 'NOT_DISPENSABLE',
  /** 409: a payment larger than what is still owed on the invoice (details.balanceMinor). */
  OVERPAYMENT: 'OVERPAYMENT',
  /** 409: the invoice is void; nothing can be added to it, paid on it or claimed for it. */
  INVOICE_VOID: 'INVOICE_VOID',
  /** 409: the invoice is paid in full; its lines can no longer change (refund a payment first). */
  INVOICE_PAID: 'INVOICE_PAID',
  /** 409: an invoice with money on it (payments not refunded) cannot be voided; refund first. */
  INVOICE_HAS_PAYMENTS: 'INVOICE_HAS_PAYMENTS',
  /** 409: a line that is voided already. */
  LINE_VOIDED: 'LINE_VOIDED',
  /** 409: voiding this line would leave the invoice owing less than was paid (details.paidMinor); refund first. */
  LINE_BELOW_PAID: 'LINE_BELOW_PAID',
  /** 409: a refund larger than what is left of the payment (details.refundableMinor). */
  REFUND_EXCEEDS_PAYMENT: 'REFUND_EXCEEDS_PAYMENT',
  /** 409: online payment is off (STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET unset); pay at the desk. */
  ONLINE_PAYMENT_DISABLED: 'ONLINE_PAYMENT_DISABLED',
  /** 409: nothing is owed on this invoice. */
  NOTHING_TO_PAY: 'NOTHING_TO_PAY',
  /** 409: an insurance claim for this invoice is pending already. */
  CLAIM_PENDING: 'CLAIM_PENDING',
  /** 409: the insurance claim was approved or denied already. */
  CLAIM_DECIDED: 'CLAIM_DECIDED',
  /** 409: this desk's day is cashed up already. */
  CASH_UP_EXISTS: 'CASH_UP_EXISTS',
  /** 409: a location's currency cannot change once it has billed in it (details.currency). */
  CURRENCY_IN_USE: 'CURRENCY_IN_USE',
  /** 400: not an ISO 4217 currency code the hub knows. */
  UNKNOWN_CURRENCY: 'UNKNOWN_CURRENCY',
  /** 502: the payment provider (Stripe) refused or did not answer; nothing was recorded. */
  PAYMENT_PROVIDER_ERROR: 'PAYMENT_PROVIDER_ERROR',
  /** 409: a thread with a patient who has no portal login. */
  PATIENT_HAS_NO_LOGIN: 'PATIENT_HAS_NO_LOGIN',
  /** 409: a clientMessageId already used in another thread. */
  CLIENT_MESSAGE_ID_REUSED: 'CLIENT_MESSAGE_ID_REUSED',
  /** 409: a message edited more often than allowed. */
  TOO_MANY_EDITS: 'TOO_MANY_EDITS',
  /** 409: an edit or delete of a message that was deleted. */
  MESSAGE_DELETED: 'MESSAGE_DELETED',

  // The medical record
  /** 413: an uploaded document larger than DOCUMENT_MAX_BYTES (details.maxBytes); nothing is kept. */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** 415: an uploaded document whose bytes are not one of the accepted types (PDF, PNG, JPEG, DICOM, plain text), whatever its name or declared type. */
  UNSUPPORTED_FILE_TYPE: 'UNSUPPORTED_FILE_TYPE',
  /** 403: staff reading a record must say why (header X-Access-Reason) where STAFF_CAN_READ_RECORDS allows it at all. */
  ACCESS_REASON_REQUIRED: 'ACCESS_REASON_REQUIRED',

  // Feedback
  /** 409: feedback for this visit was given already (one per visit). */
  FEEDBACK_EXISTS: 'FEEDBACK_EXISTS',
  /** 409: feedback about a visit that is not completed (booked, cancelled, a no-show…). */
  VISIT_NOT_COMPLETED: 'VISIT_NOT_COMPLETED',
  /** 409: the visit is older than FEEDBACK_WINDOW_DAYS; feedback about it is no longer taken. */
  FEEDBACK_CLOSED: 'FEEDBACK_CLOSED',
  /** 404: a feedback link that is not one the hub signed, or has expired. */
  FEEDBACK_LINK_INVALID: 'FEEDBACK_LINK_INVALID',
  /** 409: a reply, report or helpful mark on feedback that is not approved (published). */
  FEEDBACK_NOT_APPROVED: 'FEEDBACK_NOT_APPROVED',
  /** 409: the doctor has replied to this feedback already (one reply each). */
  REPLY_EXISTS: 'REPLY_EXISTS',
  /** 409: a report of a reply that does not exist (or is hidden already). */
  NO_REPLY: 'NO_REPLY',

  // The admin console
  /** 400: a notification template with a {{placeholder}} its kind does not have (details.placeholder, details.allowed). */
  UNKNOWN_PLACEHOLDER: 'UNKNOWN_PLACEHOLDER',
  /** 400: a template whose text message would be longer than an SMS may be (details.maxLength). */
  SMS_TOO_LONG: 'SMS_TOO_LONG',

  // The server
  /** 503: a store too busy to answer in time (no MySQL connection free within MYSQL_ACQUIRE_TIMEOUT_MS); Retry-After says when to try again (/health/ready answers 503 with its own body). */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /**
   * 503: a store (MySQL, MongoDB or Redis) is down or unreachable; details.store names it and Retry-After says when to
   * try again. Nothing of the request was kept: a transaction it had begun is rolled back.
   */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** 500: anything unexpected; logged, and the body carries no detail. */
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra fields the client may act on (e.g. retryAfterSeconds, conflicts); never patient data. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, ErrorCode.VALIDATION_FAILED, message, details);
/**
 * 400 VALIDATION_FAILED about one field of the body: details.field names it and details.reason is a
 * sentence for the person filling in the form, which clients may show beside the field. Write the
 * reason for people and never put the value that was sent (or anything stored) into it.
 */
export const invalidField = (field: string, reason: string) =>
  new AppError(400, ErrorCode.VALIDATION_FAILED, `${field}: ${reason}`, { field, reason });
export const unauthorized = (message = 'Authentication required') => new AppError(401, ErrorCode.UNAUTHORIZED, message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => new AppError(404, ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new AppError(409, code, message, details);
