// The medication catalogue: GET /api/medications?query=&locationId= (prescribers and staff) and
// POST /api/medications (admin, pharmacist).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isDuplicateKey } from '../../../db/errors.js';
import { AppError, ErrorCode } from '../../errors.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { isPharmacistAt } from '../inventory/access.js';
import { catalogueStock } from '../inventory/service.js';
import { getLocation } from '../locations/repository.js';
import { insertMedication, type MedicationRow, medicationsByGeneric, searchMedications } from './repository.js';
import { MEDICATION_AUDIT_FIELDS, Medication, MedicationBody, MedicationsQuery } from './schemas.js';

const present = (row: MedicationRow) => ({
  id: row.id,
  name: row.name,
  genericName: row.genericName,
  form: row.form,
  strength: row.strength,
  classes: row.classes,
  requiresPrescription: row.requiresPrescription,
  controlled: row.controlled,
});

const medicationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['medications'], security: bearer };

  app.get(
    '/api/medications',
    {
      schema: {
        ...common,
        summary: 'Search the catalogue as you type (name, generic name or strength words)',
        description:
          'With locationId, each entry carries that location’s onHand (unexpired units) and nearestExpiry when its pharmacy ' +
          'keeps stock (has any lot): 0 and null for a medicine it does not have. At a location without stock they are absent, and ' +
          'for callers who neither prescribe nor keep that stock (reception, nurses, another location’s pharmacists). ' +
          'An unknown locationId is 404.',
        querystring: MedicationsQuery,
        response: { 200: Type.Object({ medications: Type.Array(Medication) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'doctor', 'nurse', 'pharmacist'),
    },
    async (request) => {
      const { query = '', locationId, limit = 20 } = request.query;
      if (locationId) await getLocation(app.db, locationId);
      const rows = await searchMedications(app.db, query, limit);
      // Stock is for those who prescribe from it or keep it: doctors, admins, the location's own pharmacists.
      const actor = userOf(request);
      const maySeeStock =
        actor.role === 'doctor' || actor.role === 'admin' || (locationId ? await isPharmacistAt(app.db, actor, locationId) : false);
      const stock =
        locationId && maySeeStock
          ? await catalogueStock(
              app.db,
              locationId,
              rows.map((r) => r.id),
            )
          : null;
      return { medications: rows.map((row) => (stock ? { ...present(row), ...stock(row.id) } : present(row))) };
    },
  );

  app.post(
    '/api/medications',
    {
      config: { ...auditCreates(MEDICATION_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Add a medicine to the catalogue',
        description:
          'A new entry never weakens what the catalogue says about its generic: it is controlled if any entry of the same ' +
          'generic name is, and carries their classes too (the allergy check matches classes).',
        body: MedicationBody,
        response: { 201: Medication, ...errors(400, 401, 403, 409) },
      },
      onRequest: allow('admin', 'pharmacist'),
    },
    async (request, reply) => {
      const body = request.body;
      const genericName = body.genericName.trim().toLowerCase();
      // "Morphine 10 mg" added again as not controlled must not slip past the no-refills rule.
      const sameGeneric = await medicationsByGeneric(app.db, genericName);
      const controlled = (body.controlled ?? false) || sameGeneric.some((m) => m.controlled);
      const classes = [...new Set([...(body.classes ?? []), ...sameGeneric.flatMap((m) => m.classes)])];
      try {
        const row = await insertMedication(app.db, {
          name: body.name.trim(),
          genericName,
          form: body.form,
          strength: body.strength.trim(),
          classes,
          // A controlled medicine is never sold without a prescription, whatever the request says.
          requiresPrescription: controlled || (body.requiresPrescription ?? true),
          controlled,
        });
        return reply.status(201).send(present(row));
      } catch (err) {
        if (isDuplicateKey(err, 'medications_identity_unique'))
          throw new AppError(
            409,
            ErrorCode.MEDICATION_EXISTS,
            'This medicine (name, generic name, form and strength) is in the catalogue already',
          );
        throw err;
      }
    },
  );
};

export default medicationsRoutes;
