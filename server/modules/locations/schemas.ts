import { Type } from 'typebox';
import { Id, Instant, Phone, Text, Timezone } from '../../http/schemas.js';

export const CreateLocationBody = Type.Object(
  { name: Text(120), address: Text(300), phone: Phone, timezone: Timezone },
  { additionalProperties: false },
);

export const Location = Type.Object({
  id: Id,
  name: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  timezone: Type.String(),
  createdAt: Instant,
});
