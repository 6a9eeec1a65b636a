// What was (or will be) sent for a visit: GET /api/appointments/:id/reminders.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { allow, PEOPLE, userOf } from '../auth/principal.js';
import { assertCanSee } from '../scheduling/access.js';
import { presentById } from '../scheduling/appointments-repository.js';
import { rowsOfAppointment } from './log.js';
import { ReminderList } from './schemas.js';

const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/appointments/:id/reminders',
    {
      schema: {
        tags: ['notifications'],
        security: bearer,
        summary: "A visit's confirmation, reminders and notices, per channel",
        description:
          'One entry per message and channel: scheduled (waiting for its time, or being sent), sent, skipped (with the reason: ' +
          'booked inside the offset, patient opted out, no address, channel not configured, visit changed) or failed (after the last retry).',
        params: IdParams,
        response: { 200: ReminderList, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      // Whoever may see the visit may see what it was told; the messages' words are not stored.
      assertCanSee(userOf(request), await presentById(app.db, request.params.id));
      const rows = await rowsOfAppointment(app.db, request.params.id);
      return rows.map((r) => ({
        kind: r.kind,
        offset: r.offset,
        dueAt: r.dueAt.toISOString(),
        channel: r.channel,
        // A claim is an implementation detail: to the reader it is still waiting to be sent.
        status: r.status === 'sending' ? ('scheduled' as const) : r.status,
        reason: r.reason,
        attempts: r.attempts,
        sentAt: r.sentAt?.toISOString() ?? null,
      }));
    },
  );
};

export default notificationRoutes;
