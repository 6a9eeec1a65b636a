// In-app notifications: the `notification` event on the patient's own sockets. The worker has no
// HTTP server, so it emits through a non-listening Socket.IO Server on the same Redis Streams
// adapter as the API nodes (realtime/adapter.ts): what it emits is appended to the stream and
// every node delivers it locally.
import { rooms } from '../../../realtime/rooms.js';
import type { HubEmitter } from '../../../realtime/types.js';
import type { NotificationPayload } from '../../live/events.js';
import { isFeedbackFacts, renderFeedbackInApp } from '../feedback-messages.js';
import { renderInApp } from '../messages.js';
import { isPaymentFacts, renderPaymentInApp } from '../payment-messages.js';
import { isPrescriptionFacts, renderPrescriptionInApp } from '../prescription-messages.js';
import { type ChannelAdapter, type Delivery, PermanentSendError } from './types.js';

function payloadOf(facts: Delivery['facts']): NotificationPayload {
  if (isPaymentFacts(facts)) return renderPaymentInApp(facts);
  if (isPrescriptionFacts(facts)) return renderPrescriptionInApp(facts);
  if (isFeedbackFacts(facts)) return renderFeedbackInApp(facts);
  return renderInApp(facts);
}

export function inAppChannel(io: HubEmitter): ChannelAdapter {
  return {
    async send({ facts, to }: Delivery) {
      if (!to.userId) throw new PermanentSendError('no portal account');
      const payload = payloadOf(facts);
      io.to(rooms.user(to.userId)).emit('notification', payload);
      return null;
    },
  };
}
