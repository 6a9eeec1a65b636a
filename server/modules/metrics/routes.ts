// Daily clinic figures: GET /api/locations/:id/metrics (staff), served from the rollup table the
// worker keeps up to date (rollup.ts says what each figure counts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { allow, STAFF } from '../auth/principal.js';
import { metricsReport } from './rollup.js';
import { MetricsQuery, MetricsReport } from './schemas.js';

const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/locations/:id/metrics',
    {
      schema: {
        tags: ['metrics'],
        security: bearer,
        summary: 'Daily figures of a location over a range of local days (at most 366)',
        description:
          'Days come from the daily rollup (absent when never rolled up); totals are computed over the whole range. ' +
          'Feedback figures: requests sent, feedback received (rejected left out), the response rate and the mean rating per dimension. ' +
          '400 VALIDATION_FAILED when from or to is missing or not a date, to is before from, or the range is longer than 366 days.',
        params: IdParams,
        querystring: MetricsQuery,
        response: { 200: MetricsReport, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...STAFF),
    },
    async (request) => metricsReport(app.db, app.mongo.db, request.params.id, request.query.from, request.query.to),
  );
};

export default metricsRoutes;
