// Completed demo visits and the feedback about them, so every feedback screen has something: the
// patient's "my feedback" and the form (visits without feedback yet), the admins' moderation list
// (pending, approved, rejected, anonymous, an open follow-up) and a doctor's rating and reviews.
// Fixed data: each visit is found again by its booking reference, each feedback by its visit.
import type { Ratings } from '../../server/modules/feedback/store.js';

export interface DemoFeedback {
  status: 'pending' | 'approved' | 'rejected';
  channel: 'portal' | 'link';
  anonymous?: boolean;
  ratings: Ratings;
  comment?: string;
  wentWell?: string;
  suggestions?: string;
  /** Why an admin rejected it. */
  rejectedFor?: string;
  /** The doctor's public reply (approved feedback only). */
  reply?: string;
}

export interface DemoVisit {
  /** Booking reference (the natural key): from the references' alphabet, so lookups by reference work. */
  reference: string;
  /** Index in demoPatients() (the first ten can sign in to the portal) and licence number of the doctor. */
  patient: number;
  doctor: string;
  type: 'first-visit' | 'follow-up' | 'check-up';
  /** Weekdays before the day of the (first) seed run, and the local start time at the doctor's location. */
  weekdaysAgo: number;
  time: string;
  /** Minutes from check-in to call. */
  waitMinutes: number;
  feedback?: DemoFeedback;
}

export const DEMO_VISITS: readonly DemoVisit[] = [
  {
    reference: 'DEM-FA3C',
    patient: 0,
    doctor: 'MD-100201',
    type: 'follow-up',
    weekdaysAgo: 12,
    time: '09:30',
    waitMinutes: 6,
    feedback: {
      status: 'approved',
      channel: 'link',
      ratings: { overall: 5, waitTime: 4, communication: 5, staffCourtesy: 5, cleanliness: 5, easeOfBooking: 4 },
      comment: 'Dr Costa was thorough and explained everything clearly. A great experience.',
      wentWell: 'Took time to answer all my questions about the new medication.',
      reply: 'Thank you for taking the time to write. See you at your next check-up!',
    },
  },
  {
    reference: 'DEM-FA4D',
    patient: 1,
    doctor: 'MD-100201',
    type: 'first-visit',
    weekdaysAgo: 10,
    time: '11:00',
    waitMinutes: 24,
    feedback: {
      status: 'approved',
      channel: 'portal',
      ratings: { overall: 4, waitTime: 3, communication: 4, staffCourtesy: 5 },
      comment: 'Friendly front desk. I waited a bit longer than expected, but the visit itself was fine.',
      suggestions: 'A text message when the doctor is running late would help.',
    },
  },
  {
    reference: 'DEM-FA6E',
    patient: 2,
    doctor: 'MD-100202',
    type: 'check-up',
    weekdaysAgo: 8,
    time: '14:15',
    waitMinutes: 9,
    feedback: {
      status: 'pending',
      channel: 'portal',
      ratings: { overall: 5, communication: 5, staffCourtesy: 5, cleanliness: 4 },
      comment: 'Wonderful with my son: patient, kind and never rushed us.',
    },
  },
  {
    reference: 'DEM-FA7F',
    patient: 3,
    doctor: 'MD-100203',
    type: 'follow-up',
    weekdaysAgo: 7,
    time: '10:00',
    waitMinutes: 12,
    feedback: {
      status: 'approved',
      channel: 'link',
      anonymous: true,
      ratings: { overall: 4, waitTime: 4, communication: 5, easeOfBooking: 3 },
      comment: 'Clear advice about my blood pressure and a plan I can follow.',
      suggestions: 'Booking online took a few tries to find a free slot.',
    },
  },
  {
    reference: 'DEM-FA9G',
    patient: 4,
    doctor: 'MD-100204',
    type: 'first-visit',
    weekdaysAgo: 5,
    time: '15:30',
    waitMinutes: 41,
    // Overall 2 of 5: opens a follow-up for the admins (the comment's words are neutral).
    feedback: {
      status: 'pending',
      channel: 'link',
      ratings: { overall: 2, waitTime: 1, communication: 3, staffCourtesy: 3, cleanliness: 4, easeOfBooking: 2 },
      comment: 'My appointment started forty minutes after the booked time.',
    },
  },
  {
    reference: 'DEM-FAHJ',
    patient: 5,
    doctor: 'MD-100205',
    type: 'follow-up',
    weekdaysAgo: 4,
    time: '09:00',
    waitMinutes: 4,
    feedback: {
      status: 'rejected',
      channel: 'portal',
      ratings: { overall: 4, cleanliness: 5 },
      comment: 'Saw my neighbour Tom Baker in the waiting room, please tell him hi from me!',
      rejectedFor: 'Names another patient',
    },
  },
  {
    reference: 'DEM-FAJK',
    patient: 6,
    doctor: 'MD-100206',
    type: 'first-visit',
    weekdaysAgo: 3,
    time: '13:45',
    waitMinutes: 8,
    feedback: {
      status: 'approved',
      channel: 'portal',
      ratings: { overall: 5, waitTime: 5, communication: 4, staffCourtesy: 5, cleanliness: 5, easeOfBooking: 5 },
      comment: 'Dr Haddad sorted out my knee in one visit. Thank you!',
      wentWell: 'The exercises he showed me are already helping.',
      reply: 'Glad to hear the knee is better. Keep up the exercises!',
    },
  },
  // No feedback yet: the portal offers the form for these (patient01 and patient02 can sign in).
  { reference: 'DEM-FAKM', patient: 0, doctor: 'MD-100201', type: 'follow-up', weekdaysAgo: 2, time: '10:30', waitMinutes: 7 },
  { reference: 'DEM-FAMN', patient: 1, doctor: 'MD-100202', type: 'check-up', weekdaysAgo: 1, time: '16:00', waitMinutes: 15 },
];
