// `chart:subscribe {patientId}`: the care team (a doctor with a care relationship, a nurse of a
// location the patient visits) follows a patient's chart and hears `chart:changed` (live.ts). Anyone else is refused (a patient asking about another patient gets
// NOT_FOUND, as over REST). Following a chart is a read of the record: audited like
// GET /api/patients/:id/record. `chart:unsubscribe` leaves the room.
// `triage:subscribe {locationId}`: a location's nurses (and admins) hear `triage:changed` whenever
// its queues change, and read the list again over REST: the event names no patient.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError, ErrorCode } from '../../errors.js';
import { Id } from '../../http/schemas.js';
import { handleEvent, payloadSchema } from '../../realtime/handler.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubSocket } from '../../realtime/types.js';
import { assertCanReadTriage, isCareTeam } from './access.js';
import { RecordService } from './service.js';

const patientPayload = payloadSchema(Type.Object({ patientId: Id }, { additionalProperties: false }));
const locationPayload = payloadSchema(Type.Object({ locationId: Id }, { additionalProperties: false }));

export function handleChartSubscriptions(app: FastifyInstance, socket: HubSocket, refused: (event: string) => (err: AppError) => void) {
  const service = new RecordService(app.db, {
    careRelationshipDays: app.config.careRelationshipDays,
    staffCanReadRecords: app.config.staffCanReadRecords,
  });

  handleEvent(
    socket,
    'chart:subscribe',
    patientPayload,
    async ({ patientId }) => {
      const principal = socket.data.principal;
      if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
      // Staff never follow charts live (their reads need a reason, one REST read at a time).
      if (principal.role === 'admin' || principal.role === 'receptionist')
        throw new AppError(403, ErrorCode.FORBIDDEN, 'Only the care team follows a chart');
      const relation = await service.relation(principal, patientId, null);
      if (!isCareTeam(relation)) throw new AppError(403, ErrorCode.FORBIDDEN, 'Only the care team follows a chart');
      if (!socket.rooms.has(rooms.chart(patientId))) await socket.join(rooms.chart(patientId));
      // Written before the answer, so the entry exists by the time the client hears anything.
      await app.audit
        .record({
          action: 'socket chart:subscribe',
          outcome: 'ok',
          actorId: principal.userId,
          actorRole: principal.role,
          targetType: 'patients',
          targetId: patientId,
          statusCode: 200,
          ip: socket.handshake.address,
          userAgent: socket.handshake.headers['user-agent'] ?? null,
          requestId: null,
        })
        .catch((err) => app.log.error({ err }, 'could not write the audit entry'));
      return {};
    },
    refused('chart:subscribe'),
  );

  handleEvent(socket, 'chart:unsubscribe', patientPayload, async ({ patientId }) => {
    await socket.leave(rooms.chart(patientId));
    return {};
  });

  handleEvent(
    socket,
    'triage:subscribe',
    locationPayload,
    async ({ locationId }) => {
      const principal = socket.data.principal;
      if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
      await assertCanReadTriage(app.db, principal, locationId);
      if (!socket.rooms.has(rooms.triage(locationId))) await socket.join(rooms.triage(locationId));
      return {};
    },
    refused('triage:subscribe'),
  );
}
