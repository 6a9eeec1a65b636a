// Clinical notes: POST /api/appointments/:id/notes, PUT /api/notes/:id, GET /api/notes/:id,
// GET /api/notes/:id/versions, GET /api/notes?patientId=&appointmentId=.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { NOTE_AUDIT_FIELDS, Note, NoteBody, NotesQuery, NoteUpdateBody, NoteVersion } from './schemas.js';
import { NotesService } from './service.js';

const notesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new NotesService(app.db, app.mongo.db);
  const common = { tags: ['notes'], security: bearer };

  app.post(
    '/api/appointments/:id/notes',
    {
      config: { ...auditCreates(NOTE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Write the SOAP note of a visit (treating doctor)',
        params: IdParams,
        body: NoteBody,
        response: { 201: Note, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request, reply) => reply.status(201).send(await service.create(userOf(request), request.params.id, request.body)),
  );

  app.put(
    '/api/notes/:id',
    {
      config: auditChanges(NOTE_AUDIT_FIELDS, ({ id }: { id: string }, actor) => service.read(actor, id)),
      schema: {
        ...common,
        summary: 'Add a version of the note (every version is kept)',
        description:
          'baseVersion is the version the edit started from; every editor should send it (the web console does). ' +
          'When another save made a newer version meanwhile, ' +
          'nothing is stored and the answer is 409 VERSION_CONFLICT with `latest`: that newer note (version, soap, final, ' +
          'updatedAt). Of two saves from the same baseVersion exactly one is stored. To keep your text over the newer one, ' +
          'send it again with baseVersion = latest.version. Without baseVersion (clients written before it) the save goes ' +
          'on top of the latest version, as it always did.',
        params: IdParams,
        body: NoteUpdateBody,
        response: { 200: Note, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => service.update(userOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/notes/:id',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'The note: the doctor sees the latest version, the patient the shared final one',
        params: IdParams,
        response: { 200: Note, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'patient'),
    },
    async (request) => service.read(userOf(request), request.params.id),
  );

  app.get(
    '/api/notes',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Notes of a patient or a visit, newest first (max 100)',
        description:
          'A doctor gets the notes they wrote (latest versions); a patient their own notes that were shared with them (latest final versions). ' +
          'Give patientId, appointmentId or both.',
        querystring: NotesQuery,
        response: { 200: Type.Object({ notes: Type.Array(Note) }), ...errors(400, 401, 403) },
      },
      onRequest: allow('doctor', 'patient'),
    },
    async (request) => service.list(userOf(request), request.query),
  );

  app.get(
    '/api/notes/:id/versions',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Every version of the note (treating doctor)',
        params: IdParams,
        response: { 200: Type.Object({ versions: Type.Array(NoteVersion) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => service.history(userOf(request), request.params.id),
  );
};

export default notesRoutes;
