import { Type } from 'typebox';
import { Email, Id, LoginRoleName } from '../../http/schemas.js';

export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });

export const Me = Type.Object({
  id: Id,
  email: Type.String(),
  role: LoginRoleName,
  firstName: Type.String(),
  lastName: Type.String(),
  patientId: Type.Union([Id, Type.Null()]),
  doctorId: Type.Union([Id, Type.Null()]),
  /** A pharmacist's locations (GET /api/me only). */
  locationIds: Type.Optional(Type.Array(Id)),
});
export const DisplayMe = Type.Object({
  id: Id,
  role: Type.Literal('display'),
  locationId: Id,
  /** What the screen shows and says around the board: the clinic's name, clock and language. */
  locationName: Type.String(),
  timezone: Type.String(),
  language: Type.String(),
});

export const TokenPair = Type.Object({ accessToken: Type.String(), refreshToken: Type.String() });
export const LoginResponse = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  user: Me,
});
