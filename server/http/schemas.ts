// Schema pieces every module uses, so the same thing is validated the same way everywhere.
import { type TSchema, Type } from 'typebox';
import { ID_PATTERN } from '../../db/ids.js';

export const Id = Type.String({ pattern: ID_PATTERN, description: 'Opaque id (26 characters)' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** A short single-line text: trimmed length is checked by the service where it matters. */
export const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });
/** Text that must say something: spaces alone are refused (trimmed, they would be stored empty). */
export const Written = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 10, maxLength: 128, description: '10 to 128 characters' });
export const Timezone = Type.String({ format: 'timezone', maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' });
export const Instant = Type.String({
  format: 'date-time',
  // Years 1970-2099 only: year 0000 or 9999 with an offset would be refused by MySQL (a 500).
  pattern: '^(19[7-9][0-9]|20[0-9][0-9])-',
  description: 'UTC ISO 8601 instant, years 1970-2099',
});
export const CalendarDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Phone = Type.String({
  pattern: '^\\+?[0-9(][0-9 ()./-]{4,30}$',
  maxLength: 32,
  description: 'Phone number, international (+…) preferred',
});

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. VALIDATION_FAILED' }),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'What the client may act on, per code (e.g. matches, latest, retryAfterSeconds); also repeated at the top level',
      }),
    ),
  },
  { additionalProperties: true },
);

/** The error responses a route can give, for the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
};

export const bearer = [{ bearer: [] }];

/** A role a person logs in with (db/schema/users.ts LOGIN_ROLES; screens hold device tokens instead). */
export const LoginRoleName = Type.Union([
  Type.Literal('admin'),
  Type.Literal('receptionist'),
  Type.Literal('doctor'),
  Type.Literal('nurse'),
  Type.Literal('pharmacist'),
  Type.Literal('patient'),
]);
