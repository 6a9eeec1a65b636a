// The notification channels this worker can use: email and SMS only when configured.

import type { NotificationChannel } from '../db/schema/index.js';
import type { Config } from '../server/config.js';
import { emailChannel } from '../server/modules/notifications/channels/email.js';
import { inAppChannel } from '../server/modules/notifications/channels/in-app.js';
import { smsChannel } from '../server/modules/notifications/channels/sms.js';
import type { ChannelAdapter } from '../server/modules/notifications/channels/types.js';

export function notificationChannels(config: Config): Partial<Record<NotificationChannel, ChannelAdapter>> {
  return {
    email: config.smtpUrl ? emailChannel(config.smtpUrl, config.smtpFrom) : undefined,
    sms: config.smsWebhookUrl ? smsChannel(config.smsWebhookUrl, config.smsWebhookSecret) : undefined,
    in_app: inAppChannel(config.redisUrl, config.redisPrefix),
  };
}
