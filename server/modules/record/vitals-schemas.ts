// Vital signs over HTTP: one set recorded (triage at check-in, or directly), the series read for
// the chart's plot, and a location's triage list. Ranges are the note's (notes/schemas.ts), so a
// set accepted in one place is accepted in the other.
import { Type } from 'typebox';
import { VITALS_SOURCES } from '../../../db/schema/record.js';
import { CalendarDate, Id, Instant } from '../../http/schemas.js';

const Num = (minimum: number, maximum: number, description: string) => Type.Optional(Type.Number({ minimum, maximum, description }));

const MEASURES = {
  temperatureC: Num(25, 45, '°C'),
  heartRate: Num(10, 300, 'beats per minute'),
  systolic: Num(40, 300, 'mmHg'),
  diastolic: Num(20, 200, 'mmHg'),
  respiratoryRate: Num(2, 80, 'breaths per minute'),
  spo2: Num(30, 100, '%'),
  weightKg: Num(0.2, 500, 'kg'),
  heightCm: Num(20, 260, 'cm'),
};

export const VitalsBody = Type.Object(
  {
    appointmentId: Type.Optional(Id),
    takenAt: Type.Optional(Instant),
    ...MEASURES,
  },
  { additionalProperties: false },
);

export const VitalsOut = Type.Object({
  id: Id,
  patientId: Id,
  appointmentId: Type.Union([Id, Type.Null()]),
  source: Type.Enum(VITALS_SOURCES),
  at: Instant,
  ...MEASURES,
  recordedBy: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
});

export const VitalsQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
  },
  { additionalProperties: false },
);

export const TriageList = Type.Object({
  locationId: Id,
  date: CalendarDate,
  visits: Type.Array(
    Type.Object({
      appointmentId: Id,
      ticket: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      checkedInAt: Type.Union([Instant, Type.Null()]),
      patient: Type.Object({ id: Id, name: Type.String(), dateOfBirth: CalendarDate }),
      doctor: Type.Object({ id: Id, name: Type.String() }),
      triagedAt: Type.Union([Instant, Type.Null()], { description: 'When this visit’s latest triage vitals were taken; null: not yet' }),
    }),
  ),
});

/** Fields of a set of vitals the audit log may keep: none of the numbers (clinical), only what and when. */
export const VITALS_AUDIT_FIELDS = ['id', 'patientId', 'appointmentId', 'source', 'at', 'recordedBy'] as const;
