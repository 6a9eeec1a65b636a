// The structured medical record over HTTP (docs/MEDICAL-RECORD.md): GET /api/patients/:id/record,
// and for each part an add (POST /api/patients/:id/<part>) and a correction (PATCH /api/<part>/:id).
// Access is record/access.ts's, checked in service.ts; every read is audited, every change keeps
// only non-clinical values (RECORD_AUDIT_FIELDS). After each change the followed chart hears which
// part changed (live.ts). Vitals and triage are in vitals-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import type { ChartPart } from '../live/events.js';
import { accessReasonOf } from './access.js';
import { announceChartChange } from './live.js';
import {
  Allergy,
  AllergyBody,
  AllergyPatch,
  Condition,
  ConditionBody,
  ConditionPatch,
  HistoryBody,
  HistoryEntry,
  HistoryPatch,
  MedicalRecord,
  Medication,
  MedicationBody,
  MedicationPatch,
  RECORD_AUDIT_FIELDS,
} from './schemas.js';
import { RecordService } from './service.js';

/** Who writes each part: the care team; conditions (diagnoses) doctors only (service.ts checks the relation). */
const WRITERS = {
  allergies: ['doctor', 'nurse'],
  conditions: ['doctor'],
  medications: ['doctor', 'nurse'],
  history: ['doctor', 'nurse'],
} as const;

const recordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new RecordService(app.db, {
    careRelationshipDays: app.config.careRelationshipDays,
    staffCanReadRecords: app.config.staffCanReadRecords,
  });
  const common = { tags: ['record'], security: bearer };
  const changed = (patientId: string, part: ChartPart) => announceChartChange(app.io, patientId, part);

  app.get(
    '/api/patients/:id/record',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'The patient’s structured medical record',
        description:
          'Allergies, conditions, medications (from signed prescriptions and taken elsewhere), surgical/family/social history ' +
          'and the latest 20 sets of vitals (newest first); entries entered in error are left out. The care team (doctors who ' +
          'see the patient, nurses of a location they visit) and the patient read it; admins and receptionists only where ' +
          'STAFF_CAN_READ_RECORDS is on and with a reason in the X-Access-Reason header (403 ACCESS_REASON_REQUIRED without).',
        params: IdParams,
        response: { 200: MedicalRecord, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'nurse', 'patient', 'admin', 'receptionist'),
    },
    async (request) => service.record(userOf(request), request.params.id, accessReasonOf(request)),
  );

  /** POST /api/patients/:id/<part> and PATCH /api/<path>/:id for one part. */
  function part<Body extends TSchema, Patch extends TSchema>(spec: {
    part: keyof typeof WRITERS;
    path: string;
    what: string;
    out: TSchema;
    body: Body;
    patch: Patch;
    add: (actor: ReturnType<typeof userOf>, patientId: string, body: never) => Promise<{ patientId: string }>;
    load: (actor: ReturnType<typeof userOf>, id: string) => Promise<unknown>;
    change: (actor: ReturnType<typeof userOf>, id: string, body: never) => Promise<{ patientId: string; entry: unknown }>;
    addDescription?: string;
    changeDescription: string;
  }) {
    app.post(
      `/api/patients/:id/${spec.part}`,
      {
        config: auditCreates(RECORD_AUDIT_FIELDS),
        schema: {
          ...common,
          summary: `Add ${spec.what} to the record`,
          ...(spec.addDescription ? { description: spec.addDescription } : {}),
          params: IdParams,
          body: spec.body,
          response: { 201: spec.out, ...errors(400, 401, 403, 404) },
        },
        onRequest: allow(...WRITERS[spec.part]),
      },
      async (request, reply) => {
        const created = await spec.add(userOf(request), request.params.id, request.body as never);
        changed(created.patientId, spec.part);
        return reply.status(201).send(created);
      },
    );
    app.patch(
      `/api/${spec.path}/:id`,
      {
        config: auditChanges(RECORD_AUDIT_FIELDS, ({ id }: { id: string }, actor) => spec.load(actor, id)),
        schema: {
          ...common,
          summary: `Correct ${spec.what}`,
          description: spec.changeDescription,
          params: IdParams,
          body: spec.patch,
          response: { 200: spec.out, ...errors(400, 401, 403, 404) },
        },
        onRequest: allow(...WRITERS[spec.part]),
      },
      async (request) => {
        const { patientId, entry } = await spec.change(userOf(request), request.params.id, request.body as never);
        changed(patientId, spec.part);
        return entry;
      },
    );
  }

  part({
    part: 'allergies',
    path: 'allergies',
    what: 'an allergy',
    out: Allergy,
    body: AllergyBody,
    patch: AllergyPatch,
    add: (a, id, b) => service.addAllergy(a, id, b),
    load: (a, id) => service.allergy(a, id),
    change: (a, id, b) => service.changeAllergy(a, id, b),
    addDescription: 'Every active allergy, whatever its severity, is checked when prescribing and dispensing.',
    changeDescription: 'status entered_in_error removes it from the chart and from the prescribing and dispensing checks.',
  });
  part({
    part: 'conditions',
    path: 'conditions',
    what: 'a condition (problem list; doctors)',
    out: Condition,
    body: ConditionBody,
    patch: ConditionPatch,
    add: (a, id, b) => service.addCondition(a, id, b),
    load: (a, id) => service.condition(a, id),
    change: (a, id, b) => service.changeCondition(a, id, b),
    addDescription: 'code: ICD-10. resolvedOn only for a resolved condition, not before onset; no date in the future.',
    changeDescription: 'Resolve it (status resolved, resolvedOn), reword it, or mark it entered_in_error (leaves the chart).',
  });
  part({
    part: 'medications',
    path: 'patient-medications',
    what: 'a medicine taken elsewhere',
    out: Medication,
    body: MedicationBody,
    patch: MedicationPatch,
    add: (a, id, b) => service.addMedication(a, id, b),
    load: (a, id) => service.medication(a, id),
    change: (a, id, b) => service.changeMedication(a, id, b),
    addDescription: 'medicationId names the catalogue entry when there is one. Prescribed medicines come from signed prescriptions.',
    changeDescription: 'stoppedOn without a status also makes it inactive; entered_in_error removes it from the chart.',
  });
  part({
    part: 'history',
    path: 'history',
    what: 'a surgical, family or social history entry',
    out: HistoryEntry,
    body: HistoryBody,
    patch: HistoryPatch,
    add: (a, id, b) => service.addHistory(a, id, b),
    load: (a, id) => service.history(a, id),
    change: (a, id, b) => service.changeHistory(a, id, b),
    addDescription: 'relation (who: "mother") is for family history only.',
    changeDescription: 'Only its status changes (inactive, or entered_in_error to remove it from the chart).',
  });
};

export default recordRoutes;
