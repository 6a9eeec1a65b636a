// What a socket may ask for. Every payload is validated (unknown fields refused) and every
// subscription authorized: a display only its location's board, a doctor only their own queue,
// staff any board or queue, patients neither (they get their own position on their user room).
// The care team follows charts and nurses their location's triage list (record/socket.ts).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError, ErrorCode } from '../../errors.js';
import { Id } from '../../http/schemas.js';
import { auditRefusals, handleEvent, payloadSchema } from '../../realtime/handler.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubSocket } from '../../realtime/types.js';
import { assertCanReadBoard } from '../board/access.js';
import { DisplaysService } from '../displays/service.js';
import { handlePharmacySubscribe } from '../pharmacy/socket.js';
import { handleChartSubscriptions } from '../record/socket.js';
import { assertCanWorkQueue } from '../scheduling/access.js';
import { boardView, queueView } from '../scheduling/queue-service.js';
import type { LivePublisher } from './publisher.js';

const boardPayload = payloadSchema(Type.Object({ locationId: Id }, { additionalProperties: false }));
const doctorPayload = payloadSchema(Type.Object({ doctorId: Id }, { additionalProperties: false }));
const emptyPayload = payloadSchema(Type.Object({}, { additionalProperties: false }));

export function registerLiveHandlers(app: FastifyInstance, publisher: LivePublisher): void {
  const displays = new DisplaysService(app.db);
  /**
   * A broadcast to the socket's own room goes through the adapter's stream and so carries an
   * offset: from now on a dropped connection can be recovered, even before the first change.
   */
  const synced = (socket: HubSocket, view: 'board' | 'queue', seq: number) => {
    app.io.to(socket.id).emit('live:synced', { view, seq });
  };

  app.io.on('connection', (socket) => {
    const principal = socket.data.principal;
    const refused = auditRefusals(app, socket);
    if (principal.kind === 'user') void socket.join(rooms.user(principal.userId));
    else void socket.join(rooms.display(principal.displayId));
    if (principal.kind === 'user' && principal.patientId) {
      publisher.tellPatientNow(principal.patientId, socket.id).catch((err) => app.log.warn({ err }, 'could not send a queue position'));
    }

    handleEvent(
      socket,
      'board:subscribe',
      boardPayload,
      async ({ locationId }) => {
        assertCanReadBoard(principal, locationId);
        // Join first, then read the seq, then build: any change after the seq read arrives as a
        // later update, and publishers take their seq before building (publisher.ts). A repeat
        // from a socket in the room already is answered from the node's view cache (views.ts).
        const repeat = socket.rooms.has(rooms.board(locationId));
        if (!repeat) await socket.join(rooms.board(locationId));
        const seq = await publisher.sequences.current('board', locationId);
        const view = await publisher.views.board.get(locationId, seq, repeat, () => boardView(app.db, locationId));
        if (!repeat) synced(socket, 'board', seq);
        return { board: { ...view, seq } };
      },
      refused('board:subscribe'),
    );

    handleEvent(
      socket,
      'display:heartbeat',
      emptyPayload,
      async () => {
        if (principal.kind !== 'display') throw new AppError(403, ErrorCode.FORBIDDEN, 'Only screens send heartbeats');
        await displays.seen(principal.displayId);
        return { now: new Date().toISOString() };
      },
      refused('display:heartbeat'),
    );

    // Anyone signed in may watch a doctor's free slots (availability is readable by every user):
    // `availability:changed` then says "fetch again" whenever that doctor's calendar changes.
    handleEvent(
      socket,
      'availability:subscribe',
      doctorPayload,
      async ({ doctorId }) => {
        if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
        if (!socket.rooms.has(rooms.availability(doctorId))) await socket.join(rooms.availability(doctorId));
        return {};
      },
      refused('availability:subscribe'),
    );

    handleEvent(
      socket,
      'queue:subscribe',
      doctorPayload,
      async ({ doctorId }) => {
        if (principal.kind !== 'user') throw new AppError(403, ErrorCode.FORBIDDEN, 'Screens show boards only');
        assertCanWorkQueue(principal, doctorId);
        const repeat = socket.rooms.has(rooms.queue(doctorId));
        if (!repeat) await socket.join(rooms.queue(doctorId));
        const seq = await publisher.sequences.current('queue', doctorId);
        const view = await publisher.views.queue.get(doctorId, seq, repeat, () => queueView(app.db, doctorId));
        if (!repeat) synced(socket, 'queue', seq);
        return { queue: { ...view, seq } };
      },
      refused('queue:subscribe'),
    );

    handlePharmacySubscribe(app, socket, publisher.sequences, refused('pharmacy:subscribe'));
    handleChartSubscriptions(app, socket, refused);
  });
}
