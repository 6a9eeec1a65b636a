import { Type } from 'typebox';
import { BLOOD_TYPES, GENDERS } from '../../../db/schema/people.js';
import { CalendarDate, Email, Id, Instant, Paging, Password, Phone, Text, Timezone } from '../../http/schemas.js';

const EmergencyContact = Type.Object({ name: Text(200), phone: Phone, relation: Type.Optional(Text(50)) }, { additionalProperties: false });

export const CreatePatientBody = Type.Object(
  {
    firstName: Text(100),
    lastName: Text(100),
    dateOfBirth: CalendarDate,
    phone: Phone,
    email: Type.Optional(Email),
    password: Type.Optional(Password),
    gender: Type.Optional(Type.Union(GENDERS.map((g) => Type.Literal(g)))),
    address: Type.Optional(
      Type.Object(
        {
          line: Type.Optional(Text(200)),
          city: Type.Optional(Text(100)),
          postalCode: Type.Optional(Text(20)),
          country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })),
        },
        { additionalProperties: false },
      ),
    ),
    emergencyContact: Type.Optional(EmergencyContact),
    bloodType: Type.Optional(Type.Union(BLOOD_TYPES.map((b) => Type.Literal(b)))),
    allergies: Type.Optional(Type.Array(Text(100), { maxItems: 50 })),
    preferredLanguage: Type.Optional(
      Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47, e.g. en, de-DE' }),
    ),
    timezone: Type.Optional(Timezone),
  },
  { additionalProperties: false },
);

export const SearchPatientsQuery = Type.Object(
  { query: Type.Optional(Type.String({ maxLength: 100, description: 'Name, phone or email; empty lists everyone' })), ...Paging },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Patient = Type.Object({
  id: Id,
  userId: Type.Union([Id, Type.Null()]),
  firstName: Type.String(),
  lastName: Type.String(),
  dateOfBirth: Type.String(),
  gender: Type.String(),
  phone: Type.String(),
  email: Nullable(Type.String()),
  address: Type.Object({
    line: Nullable(Type.String()),
    city: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    country: Nullable(Type.String()),
  }),
  emergencyContact: Type.Union([
    Type.Object({ name: Type.String(), phone: Type.String(), relation: Nullable(Type.String()) }),
    Type.Null(),
  ]),
  bloodType: Nullable(Type.String()),
  allergies: Type.Array(Type.String()),
  preferredLanguage: Type.String(),
  timezone: Type.String(),
  createdAt: Instant,
});
