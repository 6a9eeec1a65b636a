// The access matrix's rows for notification templates (issue 19): reading, wording, resetting and
// previewing how the clinic's messages read is the admins' alone; every other caller is refused
// (403, or 401 without a token), whichever template it names.
import type { Endpoint } from '../../support/access-matrix.js';

const TEMPLATE = '/api/notification-templates/appointment_reminder/sms/en';

export function templateEndpoints(): Endpoint[] {
  return [
    { name: 'GET /api/notification-templates', method: 'GET', url: () => '/api/notification-templates?language=en', allowed: ['admin'] },
    {
      name: 'PUT /api/notification-templates/:kind/:channel/:language',
      method: 'PUT',
      url: () => TEMPLATE,
      body: () => ({ body: 'See you at {{locationName}} on {{startLocal}}. Ref {{bookingReference}}.' }),
      allowed: ['admin'],
    },
    {
      name: 'DELETE /api/notification-templates/:kind/:channel/:language',
      method: 'DELETE',
      url: () => TEMPLATE,
      allowed: ['admin'],
    },
    {
      name: 'POST /api/notification-templates/preview',
      method: 'POST',
      url: () => '/api/notification-templates/preview',
      body: () => ({ kind: 'feedback_request', channel: 'email', language: 'en', subject: 'Hi', body: 'Rate it: {{link}}' }),
      allowed: ['admin'],
    },
  ];
}
