// Prescriptions: POST /api/appointments/:id/prescriptions, PUT /api/prescriptions/:id,
// POST /api/prescriptions/:id/{sign,cancel,reissue}, GET /api/prescriptions(/:id)(/pdf), and the
// public GET /api/prescriptions/verify/:number?sig=. Refill requests are in refill-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bodyDefaultsToEmpty } from '../../http/empty-body.js';
import { expensive, publicCheck } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { renderPrescriptionPdf } from './pdf.js';
import { printoutOf } from './present.js';
import {
  CancelBody,
  PdfQuery,
  PRESCRIPTION_AUDIT_FIELDS,
  Prescription,
  PrescriptionBody,
  PrescriptionsQuery,
  PrescriptionUpdateBody,
  SignBody,
  Verification,
  VerifyParams,
  VerifyQuery,
} from './schemas.js';
import { PrescriptionsService } from './service.js';
import { createSigner } from './signing.js';
import { verifyPage } from './verify-page.js';

const READERS = ['doctor', 'patient', 'pharmacist'] as const;

const prescriptionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new PrescriptionsService({
    db: app.db,
    signer: createSigner(app.config.signingKey.pem),
    publicUrl: app.config.publicUrl,
    careRelationshipDays: app.config.careRelationshipDays,
  });
  const common = { tags: ['prescriptions'], security: bearer };
  const before = ({ id }: { id: string }, actor: Parameters<typeof service.read>[0]) =>
    service.read(actor, id).then((p) => service.present(p));
  const changes = auditChanges(PRESCRIPTION_AUDIT_FIELDS, before);

  app.post(
    '/api/appointments/:id/prescriptions',
    {
      config: { ...auditCreates(PRESCRIPTION_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Write a draft prescription for a visit (the treating doctor)',
        description:
          'The number (RX-YYYY-NNNNNN) is taken now, gapless per year. 409 ALLERGY_CONFLICT (details.conflicts) when an item ' +
          'matches a recorded allergy and no allergyOverrideReason is given; 409 CONTROLLED_SUBSTANCE for refills of a controlled ' +
          'medicine; `warnings` lists DUPLICATE_THERAPY when the patient has another active prescription of the same generic.',
        params: IdParams,
        body: PrescriptionBody,
        response: { 201: Prescription, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request, reply) => {
      const created = await service.create(userOf(request), request.params.id, request.body);
      // The entry is about the new prescription, not the visit in the path.
      request.auditTarget = { type: 'prescriptions', id: created.id };
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/prescriptions/:id',
    {
      config: { ...changes, ...expensive },
      schema: {
        ...common,
        summary: 'Replace a draft’s content (409 PRESCRIPTION_SIGNED once signed)',
        params: IdParams,
        body: PrescriptionUpdateBody,
        response: { 200: Prescription, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => service.update(userOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/prescriptions/:id/sign',
    {
      config: changes,
      schema: {
        ...common,
        summary: 'Sign the draft: it becomes active and never changes again',
        description:
          'Freezes the patient, doctor and clinic on it, signs its canonical content (Ed25519) and answers with verifyUrl. ' +
          'Send baseVersion (the version on screen) so that an edit saved meanwhile from elsewhere is not signed unseen.',
        params: IdParams,
        body: SignBody,
        response: { 200: Prescription, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
      preValidation: bodyDefaultsToEmpty,
    },
    async (request) => service.sign(userOf(request), request.params.id, request.body.baseVersion),
  );

  for (const [action, summary] of [
    ['cancel', 'Cancel a draft or a signed prescription (the prescriber), with a reason'],
    ['reissue', 'Correct a signed prescription: cancels it and answers 201 with a draft copy, linked both ways'],
  ] as const) {
    app.post(
      `/api/prescriptions/:id/${action}`,
      {
        config: changes,
        schema: {
          ...common,
          summary,
          params: IdParams,
          body: CancelBody,
          response: { [action === 'cancel' ? 200 : 201]: Prescription, ...errors(400, 401, 403, 404, 409) },
        },
        onRequest: allow('doctor'),
      },
      async (request, reply) => {
        const actor = userOf(request);
        if (action === 'cancel') return service.cancel(actor, request.params.id, request.body.reason);
        return reply.status(201).send(await service.reissue(actor, request.params.id, request.body.reason));
      },
    );
  }

  app.get(
    '/api/prescriptions',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Prescriptions, newest first',
        description:
          'A patient gets their own signed ones; a doctor their own (without patientId) or a patient’s they care for; ' +
          'a pharmacist signed ones (filter by locationId and status).',
        querystring: PrescriptionsQuery,
        response: { 200: Type.Object({ prescriptions: Type.Array(Prescription) }), ...errors(400, 401, 403) },
      },
      onRequest: allow(...READERS),
    },
    async (request) => {
      // "Who looked at this patient's prescriptions" must be answerable from the audit log.
      if (request.query.patientId) request.auditTarget = { type: 'patients', id: request.query.patientId };
      return service.list(userOf(request), request.query);
    },
  );

  app.get(
    '/api/prescriptions/:id',
    {
      config: auditClinicalRead,
      schema: { ...common, summary: 'One prescription', params: IdParams, response: { 200: Prescription, ...errors(400, 401, 403, 404) } },
      onRequest: allow(...READERS),
    },
    async (request) => service.present(await service.read(userOf(request), request.params.id)),
  );

  app.get(
    '/api/prescriptions/:id/pdf',
    {
      // No HEAD twin: it would build the PDF for nothing, on a rate budget of its own.
      exposeHeadRoute: false,
      config: { ...auditClinicalRead, ...expensive },
      schema: {
        ...common,
        summary: 'The printable prescription (A4 or US Letter) with the QR code of verifyUrl',
        params: IdParams,
        querystring: PdfQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...READERS),
    },
    async (request, reply) => {
      const p = await service.read(userOf(request), request.params.id);
      const pdf = await renderPrescriptionPdf(printoutOf(p, app.config.publicUrl), request.query.paper ?? 'A4');
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${p.number}.pdf"`).send(pdf);
    },
  );

  app.get(
    '/api/prescriptions/verify/:number',
    {
      exposeHeadRoute: false,
      config: publicCheck,
      schema: {
        tags: ['prescriptions'],
        summary: 'Check a printed prescription (public: what its QR code opens)',
        description:
          'valid:true only for the real signature over the stored content; then number, status, dates, the prescriber, the items ' +
          'and the patient’s initials and birth year, nothing else. A browser (Accept: text/html) gets the same as a page. ' +
          'Every check is audited with its outcome; limited per address (RATE_LIMIT_PUBLIC).',
        params: VerifyParams,
        querystring: VerifyQuery,
        response: { 200: Verification, ...errors(400) },
      },
    },
    async (request, reply) => {
      const { verification, prescriptionId, timeZone } = await service.verify(request.params.number, request.query.sig);
      request.auditTarget = { type: 'prescriptions', id: prescriptionId };
      request.auditOutcome = verification.valid ? 'ok' : 'failed';
      // A string with its own content type is sent as it is (the response schema is the JSON answer's).
      if ((request.headers.accept ?? '').includes('text/html'))
        return reply.type('text/html; charset=utf-8').send(verifyPage(verification, timeZone) as never);
      return verification;
    },
  );
};

export default prescriptionsRoutes;
