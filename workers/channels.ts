// The notification channels this worker can use: email and SMS only when configured; in-app
// through the worker's Socket.IO emitter, kept in the patient's inbox (MongoDB).
import type { Db } from 'mongodb';
import type { NotificationChannel } from '../db/schema/index.js';
import type { Config } from '../server/config.js';
import { emailChannel } from '../server/modules/notifications/channels/email.js';
import { inAppChannel } from '../server/modules/notifications/channels/in-app.js';
import { smsChannel } from '../server/modules/notifications/channels/sms.js';
import type { ChannelAdapter } from '../server/modules/notifications/channels/types.js';
import type { HubEmitter } from '../server/realtime/types.js';

export function notificationChannels(config: Config, io: HubEmitter, mongo: Db): Partial<Record<NotificationChannel, ChannelAdapter>> {
  return {
    email: config.smtpUrl ? emailChannel(config.smtpUrl, config.smtpFrom) : undefined,
    sms: config.smsWebhookUrl ? smsChannel(config.smsWebhookUrl, config.smsWebhookSecret) : undefined,
    in_app: inAppChannel(io, mongo),
  };
}
