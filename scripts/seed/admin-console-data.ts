// The admin console's demo data (scripts/seed/admin-console.ts writes it): fixed, so a second run
// finds what the first wrote. No real person; nothing clinical in the notices or the log.
import type { OpeningRange } from '../../db/schema/index.js';
import type { SystemLogInput } from '../../server/modules/system-logs/store.js';

const weekdays = (opens: string, closes: string): OpeningRange[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));

/** By location key (demo-clinic.ts LOCATIONS). */
export const OPENING_HOURS: Record<string, OpeningRange[]> = {
  downtown: [...weekdays('08:00', '18:00'), { weekday: 6, opens: '09:00', closes: '13:00' }],
  riverside: [
    ...[1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, opens: '08:30', closes: '12:30' },
      { weekday, opens: '13:30', closes: '17:30' },
    ]),
  ],
};

/** By licence number (demo-clinic.ts DOCTORS): what the admin fills in on the doctor's profile. */
export const DOCTOR_PROFILES: Record<
  string,
  { specialties: string[]; bio: string; languages: string[]; feeMinor: number; licenseExpiresOn: string }
> = {
  'MD-100201': {
    specialties: ['General Practice', 'Travel Medicine'],
    bio: 'Family doctor for twelve years; sees adults and children for everyday illness and check-ups.',
    languages: ['en', 'pt'],
    feeMinor: 9_000,
    licenseExpiresOn: '2028-06-30',
  },
  'MD-100202': {
    specialties: ['Pediatrics'],
    bio: 'Children’s doctor, from newborn checks to teenage sports injuries.',
    languages: ['en', 'fr'],
    feeMinor: 11_000,
    licenseExpiresOn: '2027-01-31',
  },
  'MD-100203': {
    specialties: ['Cardiology', 'Internal Medicine'],
    bio: 'Heart and blood pressure clinic; ECG on site.',
    languages: ['en', 'vi'],
    feeMinor: 18_000,
    licenseExpiresOn: '2029-03-31',
  },
  'MD-100204': {
    specialties: ['General Practice'],
    bio: 'General practice with a special interest in long-term conditions.',
    languages: ['en', 'de'],
    feeMinor: 9_000,
    licenseExpiresOn: '2027-11-30',
  },
  'MD-100205': {
    specialties: ['Dermatology'],
    bio: 'Skin clinic: rashes, moles and acne, with same-week appointments.',
    languages: ['en', 'it', 'es'],
    feeMinor: 14_000,
    licenseExpiresOn: '2028-09-30',
  },
  'MD-100206': {
    specialties: ['Orthopedics', 'Sports Medicine'],
    bio: 'Bones, joints and sports injuries; works with the physiotherapy team.',
    languages: ['en', 'ar'],
    feeMinor: 16_000,
    licenseExpiresOn: '2027-04-30',
  },
};

/** A clinic's own wording of the reminder (email) and a Spanish text message. */
export const DEMO_TEMPLATES = [
  {
    key: { kind: 'appointment_reminder', channel: 'email', language: 'en' },
    wording: {
      subject: 'See you soon at {{locationName}}',
      body:
        'Hello {{patientFirstName}},\n\nA reminder that {{doctorName}} expects you at {{locationName}} on {{startLocal}}.\n' +
        'Please arrive ten minutes early and bring your insurance card. To change the time, call us on {{locationPhone}}.\n\n' +
        'Booking reference: {{bookingReference}}',
    },
  },
  {
    key: { kind: 'appointment_reminder', channel: 'sms', language: 'es' },
    wording: { body: 'Recordatorio: su cita en {{locationName}} es el {{startLocal}}. Ref {{bookingReference}}.' },
  },
] as const;

/** Notices in the demo admin's bell: keyed, so they are kept once. */
export const DEMO_INBOX = [
  {
    key: 'demo:welcome',
    type: 'demo_welcome',
    title: 'Welcome to the admin console',
    body: 'Set up locations, staff, doctors and screens from the console; the dashboard shows the last five weeks.',
    data: {},
    priority: 'low' as const,
    actionUrl: '/admin',
  },
  {
    key: 'demo:templates',
    type: 'demo_templates',
    title: 'Two notification wordings are your clinic’s own',
    body: 'The reminder email and the Spanish reminder text were changed from the built-in wording.',
    data: {},
    priority: 'normal' as const,
    actionUrl: '/admin/templates',
  },
];

/** What went wrong lately, as the worker and the webhooks would have logged it. */
export const DEMO_SYSTEM_LOGS: SystemLogInput[] = [
  {
    level: 'warn',
    source: 'jobs',
    event: 'job.failed',
    message: 'SMS gateway answered 503 Service Unavailable',
    details: { queue: 'notifications', jobId: 'demo-1', jobName: 'send', attemptsMade: 1 },
  },
  {
    level: 'error',
    source: 'jobs',
    event: 'job.failed',
    message: 'SMTP connection timed out',
    details: { queue: 'notifications', jobId: 'demo-2', jobName: 'send', attemptsMade: 5 },
  },
  {
    level: 'warn',
    source: 'stripe-webhook',
    event: 'webhook.refused',
    message: 'INVALID_SIGNATURE: the signature does not match (was the webhook secret rotated?)',
    details: { statusCode: 400, code: 'INVALID_SIGNATURE' },
  },
  {
    level: 'warn',
    source: 'server',
    event: 'startup.warning',
    message: 'SMTP_URL is not set: emails are written to the log instead of sent',
  },
];
