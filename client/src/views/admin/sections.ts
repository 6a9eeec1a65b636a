// The admin console's pages, in the order the side navigation and the landing page list them.
// Each is a client view of its own (client/src/main.tsx, server/plugins/client.ts).
export interface Section {
  href: string;
  label: string;
  about: string;
}

export const SECTIONS: readonly Section[] = [
  {
    href: '/admin/locations',
    label: 'Locations',
    about: 'Sites: address, phone, opening hours, time zone, currency, language and online booking limits.',
  },
  {
    href: '/admin/staff',
    label: 'Staff',
    about: 'Sign-ins of admins, receptionists, doctors, nurses and pharmacists, and where each works.',
  },
  { href: '/admin/doctors', label: 'Doctors', about: 'Doctors, their weekly hours with breaks, and time off.' },
  { href: '/admin/appointment-types', label: 'Appointment types', about: 'Kinds of visit, how long they take and what they cost.' },
  { href: '/admin/screens', label: 'Screens', about: 'Waiting-room screens: add and pair one, see which are online, reload or revoke.' },
  {
    href: '/admin/templates',
    label: 'Notification templates',
    about: 'How emails, text messages and in-app notices to patients are worded, in each language.',
  },
  {
    href: '/admin/dashboard',
    label: 'Dashboard',
    about: 'Today live (waiting now, calls, doctors running late) and daily figures as charts and tables.',
  },
  { href: '/admin/feedback', label: 'Feedback', about: 'Patients’ feedback waiting for review.' },
  {
    href: '/admin/audit',
    label: 'Audit log',
    about: 'Who changed what and when, who opened which record; filter, open an entry, export CSV.',
  },
  {
    href: '/admin/system-logs',
    label: 'System log',
    about: 'Failed background jobs, refused webhooks and start-up errors of the last 90 days.',
  },
];
