import { Type } from 'typebox';
import { Id, Instant, Text } from '../../http/schemas.js';

export const CreateDisplayBody = Type.Object({ locationId: Id, name: Text(120) }, { additionalProperties: false });

export const Display = Type.Object({
  id: Id,
  locationId: Id,
  name: Type.String(),
  lastSeenAt: Type.Union([Instant, Type.Null()], { description: 'Its last heartbeat or board read (written at most every 30 s)' }),
  online: Type.Boolean({ description: 'Seen within the last 90 s and not revoked' }),
  revokedAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
});

export const CreatedDisplay = Type.Object({
  id: Id,
  locationId: Id,
  name: Type.String(),
  token: Type.String({ description: 'Shown once: enter it on the screen. Only a digest is stored.' }),
  createdAt: Instant,
});

/** Fields of a screen the audit log keeps (never its token). */
export const DISPLAY_AUDIT_FIELDS = ['id', 'locationId', 'name', 'lastSeenAt', 'revokedAt', 'createdAt'] as const;
