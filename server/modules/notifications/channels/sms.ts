// SMS through the provider's HTTP webhook (SMS_WEBHOOK_URL): POST {to, body, reference}. The
// row id goes along as Idempotency-Key, and the request is signed like inbound webhooks are,
// so the gateway can both drop repeats and trust the sender.
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../sms/signature.js';
import { isFeedbackFacts, renderFeedbackSms } from '../feedback-messages.js';
import { renderSms } from '../messages.js';
import { isPaymentFacts, renderPaymentSms } from '../payment-messages.js';
import { isPrescriptionFacts, renderPrescriptionSms } from '../prescription-messages.js';
import { type ChannelAdapter, type Delivery, PermanentSendError } from './types.js';

function smsOf(facts: Delivery['facts']): string {
  if (isPaymentFacts(facts)) return renderPaymentSms(facts);
  if (isPrescriptionFacts(facts)) return renderPrescriptionSms(facts);
  if (isFeedbackFacts(facts)) return renderFeedbackSms(facts);
  return renderSms(facts);
}

export function smsChannel(webhookUrl: string, secret: string | null, timeoutMs = 10_000): ChannelAdapter {
  return {
    async send({ rowId, facts, to }: Delivery) {
      if (!to.phone.startsWith('+')) throw new PermanentSendError('no E.164 phone number');
      const body = JSON.stringify({
        to: to.phone,
        body: smsOf(facts),
        reference: rowId,
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': rowId };
      if (secret) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        headers[TIMESTAMP_HEADER] = timestamp;
        headers[SIGNATURE_HEADER] = signWebhook(secret, timestamp, body);
      }
      const res = await fetch(webhookUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      const answer = await res.text();
      if (res.ok) {
        try {
          const id = (JSON.parse(answer) as { id?: unknown }).id;
          return typeof id === 'string' ? id.slice(0, 200) : null;
        } catch {
          return null;
        }
      }
      // 408 and 429 ask to try later, as do 5xx; any other 4xx will not get better by retrying.
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        throw new PermanentSendError(`SMS gateway answered ${res.status}`);
      }
      throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}
