// The bodies and answers of scheduling's admin-console routes (admin-routes.ts), apart so the
// client's contract can read their types without the routes' server imports.
import { Type } from 'typebox';
import { Id, Instant } from '../../http/schemas.js';

export const AffectedBody = Type.Object(
  {
    startAt: Instant,
    endAt: Instant,
    excludeId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const AffectedVisit = Type.Object({
  id: Id,
  startAt: Instant,
  endAt: Instant,
  patientId: Id,
  patientName: Type.String(),
  status: Type.String(),
  alreadyAffected: Type.Boolean({ description: 'Inside the time off named by excludeId as it is saved now' }),
});

export const LocationToday = Type.Object({
  locationId: Id,
  day: Type.String({ description: 'Today at the location, YYYY-MM-DD in its zone' }),
  generatedAt: Instant,
  waitingNow: Type.Integer({ description: 'Patients checked in and waiting now, across its doctors' }),
  averageWaitMinutes: Type.Union([Type.Number(), Type.Null()], {
    description: 'Mean minutes from check-in to call of the patients called today (one decimal); null before the first call',
  }),
  callsPerHour: Type.Array(Type.Object({ hour: Type.Integer({ description: '0–23, local' }), calls: Type.Integer() }), {
    description: 'Patients called in each local hour of today (24 entries)',
  }),
  doctorsRunningLate: Type.Array(Type.Object({ doctorId: Id, name: Type.String(), delayMinutes: Type.Integer() }), {
    description: 'Its doctors (and visiting ones with a queue here today) whose delay is set above 0',
  }),
});

export const AffectedVisits = Type.Object({ visits: Type.Array(AffectedVisit) });
