// Patient documents (docs/DOCUMENTS.md): POST /api/patients/:id/documents (multipart upload),
// GET /api/patients/:id/documents, GET /api/documents/:id, GET /api/documents/:id/content,
// GET /api/documents/:id/thumbnail, PATCH /api/documents/:id. Reads are audited as clinical reads.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { accessReasonOf } from '../record/access.js';
import { announceChartChange } from '../record/live.js';
import {
  ContentQuery,
  DOCUMENT_AUDIT_FIELDS,
  DocumentsQuery,
  DocumentUpdateBody,
  DocumentView,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
} from './schemas.js';
import { DocumentsService } from './service.js';
import { readUpload } from './upload.js';

/** Shown in the browser with ?inline=1; anything else (DICOM, text) is always a download. */
const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);
const READERS = ['doctor', 'nurse', 'patient', 'admin', 'receptionist'] as const;

const documentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app;
  const service = new DocumentsService(app.db, app.mongo.db, {
    careRelationshipDays: config.careRelationshipDays,
    staffCanReadRecords: config.staffCanReadRecords,
    documentMaxBytes: config.documentMaxBytes,
  });
  const common = { tags: ['documents'], security: bearer };
  const readerNote =
    'The care team (doctors with a visit, nurses of a location the patient visits) reads every document; admins and ' +
    'receptionists only where STAFF_CAN_READ_RECORDS is on and with an X-Access-Reason; the patient only what is shared ' +
    'with them and not archived (404 otherwise). Every read is audited.';

  // Private to the documents: these answers are a patient's record (the security plugin's onSend,
  // which runs before this one, sets plain no-store everywhere).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'private, no-store');
    return payload;
  });

  // Multipart is read by the upload route only: registered in a context of its own.
  await app.register(async (scope) => {
    const upload = scope.withTypeProvider<TypeBoxTypeProvider>();
    await upload.register(multipart, { limits: { fileSize: config.documentMaxBytes, files: 1 }, throwFileSizeLimit: false });
    upload.post(
      '/api/patients/:id/documents',
      {
        config: { ...auditCreates(DOCUMENT_AUDIT_FIELDS), ...expensive },
        schema: {
          ...common,
          summary: 'Add a document to a patient’s record (multipart upload; doctors and nurses of the care team)',
          description:
            'multipart/form-data, the fields first, then one part `file`: `type` (lab_report, xray, mri, ct, ultrasound, ecg, ' +
            `prescription, discharge_summary, other), \`title\` (1-${TITLE_MAX}), \`recordDate\` (YYYY-MM-DD, optional), \`tags\` ` +
            `(comma separated, at most ${TAGS_MAX}, each at most ${TAG_MAX} characters), \`shareWithPatient\` (true|false), ` +
            '`appointmentId` (a visit of this patient). The type is read from the bytes: PDF, PNG, JPEG, DICOM or UTF-8 plain ' +
            'text, else 415 UNSUPPORTED_FILE_TYPE; above DOCUMENT_MAX_BYTES 413 FILE_TOO_LARGE. Either way nothing is kept.',
          params: IdParams,
          consumes: ['multipart/form-data'],
          response: { 201: DocumentView, ...errors(400, 401, 403, 404, 413, 415) },
        },
        onRequest: allow('doctor', 'nurse'),
      },
      async (request, reply) => {
        const actor = userOf(request);
        const patientId = request.params.id;
        await service.mayUpload(actor, patientId);
        const pending = await readUpload(
          request,
          config.documentMaxBytes,
          (part) => service.store(patientId, part),
          (stored) => service.discard(stored),
        );
        const view = await service.record(actor, patientId, pending);
        announceChartChange(app.io, patientId, 'documents');
        return reply.status(201).send(view);
      },
    );
  });

  app.get(
    '/api/patients/:id/documents',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'A patient’s documents, newest first (search by type, tag and title)',
        description: readerNote,
        params: IdParams,
        querystring: DocumentsQuery,
        response: { 200: Type.Object({ documents: Type.Array(DocumentView) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...READERS),
    },
    async (request) => ({
      documents: await service.list(userOf(request), request.params.id, request.query, accessReasonOf(request)),
    }),
  );

  app.get(
    '/api/documents/:id',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'A document’s metadata',
        description: readerNote,
        params: IdParams,
        response: { 200: DocumentView, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...READERS),
    },
    async (request) => service.read(userOf(request), request.params.id, accessReasonOf(request)),
  );

  app.get(
    '/api/documents/:id/content',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'The document’s bytes, streamed',
        description:
          `${readerNote} Content-Type is the type read from the bytes; Content-Disposition attachment with a safe file name, ` +
          'or inline with ?inline=1 for PDF and images; ETag is the quoted SHA-256.',
        params: IdParams,
        querystring: ContentQuery,
        response: errors(400, 401, 403, 404),
      },
      onRequest: allow(...READERS),
    },
    async (request, reply) => {
      const { doc, stream } = await service.content(userOf(request), request.params.id, accessReasonOf(request));
      const inline = request.query.inline === '1' && INLINE_TYPES.has(doc.mimeType);
      return (
        reply
          .header('content-type', doc.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : doc.mimeType)
          .header('content-length', String(doc.size))
          .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${doc.filename}"`)
          .header('x-content-type-options', 'nosniff')
          // Opened on its own in a tab, a document may run nothing and load nothing but itself; its
          // bytes are not for other sites to embed.
          .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; plugin-types application/pdf")
          .header('cross-origin-resource-policy', 'same-origin')
          .header('etag', `"${doc.sha256}"`)
          .send(stream)
      );
    },
  );

  app.get(
    '/api/documents/:id/thumbnail',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'A PNG preview (at most 256 px) of an image document; 404 when it has none',
        params: IdParams,
        response: errors(400, 401, 403, 404),
      },
      onRequest: allow(...READERS),
    },
    async (request, reply) => {
      const stream = await service.thumbnail(userOf(request), request.params.id, accessReasonOf(request));
      return reply.header('content-type', 'image/png').header('x-content-type-options', 'nosniff').send(stream);
    },
  );

  app.patch(
    '/api/documents/:id',
    {
      config: auditChanges(DOCUMENT_AUDIT_FIELDS, ({ id }: { id: string }, actor) => service.read(actor, id, null)),
      schema: {
        ...common,
        summary: 'Change a document’s title, type, tags, record date, sharing or archive it (doctors of the care team)',
        description: 'Documents are never deleted: `archived: true` takes one off the current list (and out of the patient’s view).',
        params: IdParams,
        body: DocumentUpdateBody,
        response: { 200: DocumentView, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => {
      const view = await service.update(userOf(request), request.params.id, request.body);
      announceChartChange(app.io, view.patientId, 'documents');
      return view;
    },
  );
};

export default documentsRoutes;
