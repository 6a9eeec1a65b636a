// In-app notifications: the `notification` event on the patient's own sockets. The worker has no
// HTTP server, so it emits through a non-listening Socket.IO Server on the same Redis Streams
// adapter as the API nodes (realtime/adapter.ts): what it emits is appended to the stream and
// every node delivers it locally. Each notice is also kept in the patient's inbox (inbox/notify.ts),
// so one sent while they were away is there when they come back.
import type { Db } from 'mongodb';
import type { HubEmitter } from '../../../realtime/types.js';
import { notifyUser } from '../../inbox/notify.js';
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

export function inAppChannel(io: HubEmitter, mongo: Db): ChannelAdapter {
  return {
    async send({ rowId, facts, to }: Delivery) {
      if (!to.userId) throw new PermanentSendError('no portal account');
      const payload = payloadOf(facts);
      // Kept in the patient's inbox under the row's id: a row sent again (a worker that died before
      // recording the send) is neither kept nor shown twice.
      await notifyUser(io, mongo, to.userId, payload, { role: 'patient', key: `notification_log:${rowId}` });
      return null;
    },
  };
}
