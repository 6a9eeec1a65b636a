import { Type } from 'typebox';
import { CalendarDate, Id } from '../../http/schemas.js';

export const MetricsQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First local day of the range (YYYY-MM-DD), in the location’s time zone' }),
    to: Type.String({ format: 'date', description: 'Last local day (YYYY-MM-DD), included; at most 366 days after from' }),
  },
  { additionalProperties: false },
);

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Seconds = (description: string) => Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description });

const Figures = {
  appointments: Count('Visits starting that day, walk-ins included, any status; visits moved away by a reschedule excluded'),
  completed: Count('Of those, completed'),
  cancelled: Count('Of those, cancelled (real cancellations; a reschedule is not one)'),
  noShows: Count('Of those, no-shows'),
  newPatients: Count('Patients whose first visit ever (any location) is one of these'),
  avgWaitSeconds: Seconds('Mean check-in to call over the visits that were called; null when none'),
  avgConsultationSeconds: Seconds('Mean start to completion over the completed visits; null when none'),
};

const Minor = (description: string) => Type.Integer({ description: `${description} (minor units of currency)` });
const Money = {
  currency: Type.Union([Type.String(), Type.Null()], {
    description: 'The location’s ISO 4217 currency; null on a day rolled up before billing',
  }),
  revenueMinor: Minor('Payments received that day (desk and online) less refunds that succeeded that day'),
  refundedMinor: Minor('Refunds that succeeded that day'),
  outstandingMinor: Minor('Owed on the location’s non-void invoices at the end of the day (today: when rolled up)'),
  paymentsByMethod: Type.Record(Type.String(), Type.Integer(), {
    description: 'Payments received that day by method (gross), minor units',
  }),
};

const Mean = (dimension: string) => Type.Number({ minimum: 1, maximum: 5, description: `Mean ${dimension} rating (1–5, 2 decimals)` });
const Feedback = {
  feedbackRequested: Count('Of the visits, those whose feedback request was sent (on at least one channel)'),
  feedbackReceived: Count(
    'Feedback about the visits, pending or approved (rejected left out); feedback given in the portal before a request ' +
      'went out counts too, so it may exceed feedbackRequested',
  ),
  responseRate: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'feedbackReceived / feedbackRequested, 4 decimals (may exceed 1, see feedbackReceived); null when nothing was requested',
  }),
  feedbackRatings: Type.Union(
    [
      Type.Object(
        {
          overall: Mean('overall'),
          waitTime: Type.Optional(Mean('wait time')),
          communication: Type.Optional(Mean('communication')),
          staffCourtesy: Type.Optional(Mean('staff courtesy')),
          cleanliness: Type.Optional(Mean('cleanliness')),
          easeOfBooking: Type.Optional(Mean('ease of booking')),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ],
    { description: 'Mean rating per dimension over that feedback; a dimension nobody rated is absent; null when no feedback' },
  ),
};

export const MetricsDay = Type.Object({
  day: CalendarDate,
  ...Figures,
  ...Money,
  ...Feedback,
  computedAt: Type.String({ format: 'date-time', description: 'When this day was last rolled up (UTC)' }),
});

export const MetricsReport = Type.Object({
  locationId: Id,
  from: CalendarDate,
  to: CalendarDate,
  days: Type.Array(MetricsDay, { description: 'The rolled-up days of the range, oldest first; a day never rolled up is absent' }),
  totals: Type.Object(
    { ...Figures, ...Money, ...Feedback },
    {
      description:
        'The whole range, computed from the visits, payments and feedback themselves: counts and money add up, averages are ' +
        'exact means over all visits (ratings: over all feedback, not means of daily means), outstandingMinor is what was owed ' +
        'at the end of the range (now, if it has not ended)',
    },
  ),
});
