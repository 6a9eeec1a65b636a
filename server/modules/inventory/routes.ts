// Pharmacy stock: POST /api/inventory/lots, GET /api/inventory, PUT /api/inventory/levels,
// POST /api/inventory/adjustments and /counts, GET /api/inventory/movements, /reorder and /report.
// Pharmacists of the location change and read its stock; admins read any location's.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden, unauthorized } from '../../errors.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { movementList, reorderList, stockReport } from './report.js';
import {
  AdjustmentBody,
  CHANGE_AUDIT_FIELDS,
  CountBody,
  InventoryItem,
  InventoryQuery,
  LEVEL_AUDIT_FIELDS,
  Level,
  LevelBody,
  LOT_AUDIT_FIELDS,
  LocationQuery,
  Lot,
  MovementsQuery,
  PeriodQuery,
  ReceiveBody,
  ReorderItem,
  StockChange,
  StockMovement,
  StockReport,
} from './schemas.js';
import { InventoryService } from './service.js';

const inventoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new InventoryService(app.db);
  const common = { tags: ['inventory'], security: bearer };
  const writers = allow('pharmacist');
  const readers = allow('admin', 'pharmacist');

  app.post(
    '/api/inventory/lots',
    {
      config: { ...auditCreates(LOT_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Receive a delivery (a new lot, or more of the same batch and expiry)',
        description: 'Writes a "received" ledger entry. An expiry date already past at the location is 400.',
        body: ReceiveBody,
        response: { 201: Lot, ...errors(400, 401, 403, 404) },
      },
      onRequest: writers,
    },
    async (request, reply) => reply.status(201).send(await service.receive(userOf(request), request.body)),
  );

  app.get(
    '/api/inventory',
    {
      schema: {
        ...common,
        summary: 'Stock at a location: each medicine it has or keeps a minimum of, with its lots',
        querystring: InventoryQuery,
        response: { 200: Type.Object({ items: Type.Array(InventoryItem) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: readers,
    },
    async (request) => service.list(userOf(request), request.query),
  );

  app.put(
    '/api/inventory/levels',
    {
      config: {
        audit: {
          fields: LEVEL_AUDIT_FIELDS,
          // The level as it was, read only for a caller who may change it.
          before: async (request) => {
            if (request.principal?.kind !== 'user') throw request.principal ? forbidden() : unauthorized();
            return service.levelBefore(request.principal, request.body as { locationId: string; medicationId: string });
          },
        },
      },
      schema: {
        ...common,
        summary: 'Set the minimum on hand of a medicine at a location (below it: low stock, the reorder list, alerts)',
        body: LevelBody,
        response: { 200: Level, ...errors(400, 401, 403, 404) },
      },
      onRequest: writers,
    },
    async (request) => {
      request.auditTarget = { type: 'inventory-levels', id: null };
      return service.setLevel(userOf(request), request.body);
    },
  );

  app.post(
    '/api/inventory/adjustments',
    {
      config: { ...auditCreates(CHANGE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Adjust a lot (found, broken, returned) with a reason',
        description: 'kind "adjusted" (default) or "returned". A lot never goes below zero: 409 INSUFFICIENT_STOCK, nothing written.',
        body: AdjustmentBody,
        response: { 201: StockChange, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: writers,
    },
    async (request, reply) => {
      request.auditTarget = { type: 'inventory-lots', id: request.body.lotId };
      return reply.status(201).send(await service.adjust(userOf(request), request.body));
    },
  );

  app.post(
    '/api/inventory/counts',
    {
      config: { ...auditCreates(CHANGE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Record a stock count of a lot: the ledger gets the adjustment that makes it match',
        body: CountBody,
        response: { 201: StockChange, ...errors(400, 401, 403, 404) },
      },
      onRequest: writers,
    },
    async (request, reply) => {
      request.auditTarget = { type: 'inventory-lots', id: request.body.lotId };
      return reply.status(201).send(await service.count(userOf(request), request.body));
    },
  );

  app.get(
    '/api/inventory/movements',
    {
      schema: {
        ...common,
        summary: 'The stock ledger of a location, newest first (local days from..to, default the last 30; at most 1000 entries)',
        querystring: MovementsQuery,
        response: { 200: Type.Object({ movements: Type.Array(StockMovement) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: readers,
    },
    async (request) => movementList(app.db, userOf(request), request.query),
  );

  app.get(
    '/api/inventory/reorder',
    {
      schema: {
        ...common,
        summary: 'Medicines below their minimum, with a suggested order',
        querystring: LocationQuery,
        response: { 200: Type.Object({ items: Type.Array(ReorderItem) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: readers,
    },
    async (request) => reorderList(app.db, userOf(request), request.query.locationId),
  );

  app.get(
    '/api/inventory/report',
    {
      schema: {
        ...common,
        summary: 'Stock value on hand, units moved per kind and dispensed per medicine in a period (local days)',
        querystring: PeriodQuery,
        response: { 200: StockReport, ...errors(400, 401, 403, 404) },
      },
      onRequest: readers,
    },
    async (request) => stockReport(app.db, userOf(request), request.query),
  );
};

export default inventoryRoutes;
