// GET /api/locations/:id/board: what a waiting-room screen shows, built by the scheduling
// module's queue rules. Live pushes over Socket.IO come with the board's real-time part.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { allow, principalOf } from '../auth/principal.js';
import { boardView } from '../scheduling/queue-service.js';
import { assertCanReadBoard } from './access.js';
import { Board } from './schemas.js';

const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/locations/:id/board',
    {
      schema: {
        tags: ['locations'],
        summary: 'The waiting-room board of a location',
        description: 'Readable by staff and by that location’s display token. Carries no full names, reasons or contacts.',
        security: bearer,
        params: IdParams,
        response: { 200: Board, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'display'),
    },
    async (request) => {
      assertCanReadBoard(principalOf(request), request.params.id);
      return boardView(app.db, request.params.id);
    },
  );
};

export default boardRoutes;
