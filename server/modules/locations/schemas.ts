import { Type } from 'typebox';
import { Id, Instant, Phone, Text, Timezone } from '../../http/schemas.js';

export const Language = Type.String({
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  maxLength: 35,
  description: 'BCP 47 language of the waiting room, e.g. en, de, pt-BR (default en)',
});

export const Units = Type.Union([Type.Literal('metric'), Type.Literal('us')], {
  description:
    'Units staff read and type vitals in: metric (°C, kg, cm) or us (°F, lb, in). Vitals are stored and sent in °C, kg and cm ' +
    'either way (temperatureC, weightKg, heightCm); the doctor console converts what is typed. Default metric',
});

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, local time of the location' });

export const OpeningRange = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' }),
    opens: ClockTime,
    closes: ClockTime,
  },
  { additionalProperties: false },
);

const OpeningHours = Type.Array(OpeningRange, {
  maxItems: 21,
  description:
    'When the location is open, as ranges per weekday in its time zone (a day with none is closed; at most three a day in practice). ' +
    'Ranges of one day may not overlap or touch (400 VALIDATION_FAILED, field openingHours); they come back sorted. ' +
    'Informational: shown to patients and staff, while doctors book by their own weekly schedules.',
});

const Settings = {
  openingHours: Type.Optional(OpeningHours),
  patientChangeCutoffHours: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 336,
      description: 'Patients cannot cancel or move a visit this many hours before it (default 24)',
    }),
  ),
  boardShowsInitials: Type.Optional(Type.Boolean({ description: 'Show patients’ initials on the waiting-room board (default true)' })),
  language: Type.Optional(Language),
  units: Type.Optional(Units),
  patientMaxUpcomingVisitsPerDoctor: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100,
      description:
        'A patient booking for themself may have at most this many upcoming visits with one doctor here (default 2; 0: patients cannot book online; staff are not bound)',
    }),
  ),
  patientMaxUpcomingVisits: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 500,
      description: 'A patient booking for themself may have at most this many upcoming visits here in all (default 6; staff are not bound)',
    }),
  ),
  patientMaxSeriesWeeks: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 12,
      description:
        'The longest weekly series a patient may book for themself (default 4; 0: none). Its visits count towards the two limits above too',
    }),
  ),
};

export const CreateLocationBody = Type.Object(
  { name: Text(120), address: Text(300), phone: Phone, timezone: Timezone, ...Settings },
  { additionalProperties: false },
);

/** Checked against the codes this Node knows (Intl) in the service: 400 UNKNOWN_CURRENCY otherwise. */
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code the location bills in, e.g. USD, EUR, JPY' });

export const UpdateLocationBody = Type.Object(
  {
    name: Type.Optional(Text(120)),
    address: Type.Optional(Text(300)),
    phone: Type.Optional(Phone),
    currency: Type.Optional(Currency),
    active: Type.Optional(
      Type.Boolean({
        description:
          'false: the location leaves GET /api/locations and takes no new bookings (its slots go); visits, boards and history stay. true: open again',
      }),
    ),
    ...Settings,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListLocationsQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean({ description: 'Deactivated locations too (admins only; 403 for others)' })) },
  { additionalProperties: false },
);

export const Location = Type.Object({
  id: Id,
  name: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  timezone: Type.String(),
  patientChangeCutoffHours: Type.Integer(),
  boardShowsInitials: Type.Boolean(),
  language: Type.String({ description: 'BCP 47 language the waiting-room screens announce calls in' }),
  patientMaxUpcomingVisitsPerDoctor: Type.Integer({ description: 'Upcoming visits with one doctor a patient may book for themself here' }),
  patientMaxUpcomingVisits: Type.Integer({ description: 'Upcoming visits in all a patient may book for themself here' }),
  patientMaxSeriesWeeks: Type.Integer({ description: 'Weeks of one weekly series a patient may book for themself' }),
  units: Units,
  currency: Type.String({ description: 'ISO 4217 code its invoices are in (default USD)' }),
  openingHours: Type.Array(OpeningRange, { description: 'When it is open, sorted by weekday and time; [] when not given' }),
  active: Type.Boolean({ description: 'false: deactivated (no new bookings, left out of lists)' }),
  createdAt: Instant,
});

/** Every field of a location is clinic set-up: the audit log keeps them all. */
export const LOCATION_AUDIT_FIELDS = [
  'id',
  'name',
  'address',
  'phone',
  'timezone',
  'patientChangeCutoffHours',
  'boardShowsInitials',
  'language',
  'units',
  'currency',
  'openingHours',
  'active',
  'patientMaxUpcomingVisitsPerDoctor',
  'patientMaxUpcomingVisits',
  'patientMaxSeriesWeeks',
  'createdAt',
] as const;
