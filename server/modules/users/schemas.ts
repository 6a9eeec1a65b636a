import { Type } from 'typebox';
import { Email, Id, Instant, LoginRoleName, Paging, Password, Text } from '../../http/schemas.js';

export const StaffRole = Type.Union(
  [Type.Literal('admin'), Type.Literal('receptionist'), Type.Literal('pharmacist'), Type.Literal('nurse')],
  {
    description: 'Staff logins; doctors are created with POST /api/doctors, patients with POST /api/patients',
  },
);

export const CreateUserBody = Type.Object(
  {
    email: Email,
    password: Password,
    role: StaffRole,
    firstName: Text(100),
    lastName: Text(100),
    locationIds: Type.Optional(
      Type.Array(Id, {
        maxItems: 50,
        description: 'The locations a pharmacist or nurse works at (those two roles only; without any they can do nothing)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ListUsersQuery = Type.Object(
  {
    role: Type.Optional(LoginRoleName),
    locationId: Type.Optional(Id),
    ...Paging,
  },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  role: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  active: Type.Boolean(),
  lastLoginAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
  locationIds: Type.Optional(Type.Array(Id, { description: 'The locations a pharmacist or nurse works at (other roles: none)' })),
});

export const Membership = Type.Object({
  userId: Id,
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  role: Type.String(),
  active: Type.Boolean({ description: 'false: the login is deactivated (it stays listed, since the membership is history)' }),
  joinedAt: Instant,
});

export const UserLocationsBody = Type.Object(
  { locationIds: Type.Array(Id, { maxItems: 50, description: 'Every location the pharmacist or nurse works at; [] for none' }) },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    active: Type.Optional(
      Type.Boolean({ description: 'false: the login is refused and its sessions end now (the email stays taken); true: allowed again' }),
    ),
    firstName: Type.Optional(Text(100)),
    lastName: Type.Optional(Text(100)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordResetBody = Type.Object({ password: Password }, { additionalProperties: false });

/** Fields of a login the audit log keeps (never a password). */
export const USER_AUDIT_FIELDS = ['id', 'email', 'role', 'firstName', 'lastName', 'active', 'createdAt', 'locationIds'] as const;
