// A channel adapter delivers one rendered notification to one patient. Adapters know nothing of
// retries or the log: the sender (send.ts) decides what a failure means.
import type { FeedbackFacts } from '../feedback-messages.js';
import type { VisitFacts } from '../messages.js';
import type { PaymentFacts } from '../payment-messages.js';
import type { PrescriptionFacts } from '../prescription-messages.js';

export interface Delivery {
  /** The notification_log row id: also the idempotency key the provider sees. */
  rowId: string;
  /** What the message is about: a visit, a prescription (isPrescriptionFacts), a payment (isPaymentFacts) or a feedback request (isFeedbackFacts). */
  facts: VisitFacts | PrescriptionFacts | PaymentFacts | FeedbackFacts;
  to: { email: string | null; phone: string; userId: string | null };
}

export interface ChannelAdapter {
  /** Resolves with the provider's message id (or null); rejects on failure. */
  send(delivery: Delivery): Promise<string | null>;
  close?(): Promise<void>;
}

/** A failure that a retry cannot fix (a rejected address, a refused request): fail at once. */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}
