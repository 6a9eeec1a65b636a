// `pharmacy:subscribe {locationId}`: a location's pharmacists (and admins) get its dispensing
// queue in the ack, then `pharmacy:update` on every change (live/pharmacy-updates.ts). Each
// subscription is audited as a read of clinical content.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError, ErrorCode } from '../../errors.js';
import { Id } from '../../http/schemas.js';
import { handleEvent, payloadSchema } from '../../realtime/handler.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubSocket } from '../../realtime/types.js';
import type { Sequences } from '../live/seq.js';
import { assertCanReadQueue } from './access.js';
import { pharmacyQueue } from './queue.js';

const locationPayload = payloadSchema(Type.Object({ locationId: Id }, { additionalProperties: false }));

export function handlePharmacySubscribe(app: FastifyInstance, socket: HubSocket, sequences: Sequences, onRefused: (err: AppError) => void) {
  handleEvent(
    socket,
    'pharmacy:subscribe',
    locationPayload,
    async ({ locationId }) => {
      const principal = socket.data.principal;
      if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
      await assertCanReadQueue(app.db, principal, locationId);
      // Join first, then read the seq, then build: a change after the seq read arrives as a later update.
      if (!socket.rooms.has(rooms.pharmacy(locationId))) await socket.join(rooms.pharmacy(locationId));
      const seq = await sequences.current('pharmacy', locationId);
      const queue = await pharmacyQueue(app.db, locationId);
      // The queue holds names and medicines: reading it live is a clinical read, audited like GET /api/pharmacy/queue.
      // Written before the answer, so the entry exists by the time the client has the queue.
      await app.audit
        .record({
          action: 'socket pharmacy:subscribe',
          outcome: 'ok',
          actorId: principal.userId,
          actorRole: principal.role,
          targetType: 'locations',
          targetId: locationId,
          statusCode: 200,
          ip: socket.handshake.address,
          userAgent: socket.handshake.headers['user-agent'] ?? null,
          requestId: null,
        })
        .catch((err) => app.log.error({ err }, 'could not write the audit entry'));
      return { queue: { ...queue, seq } };
    },
    onRefused,
  );
}
