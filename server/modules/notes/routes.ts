// Clinical notes: POST /api/appointments/:id/notes, PUT /api/notes/:id, GET /api/notes/:id,
// GET /api/notes/:id/versions, GET /api/notes?patientId=&appointmentId=&query=.
// After each save the followed chart hears `chart:changed` {part:'notes'} (and 'vitals' when the
// note's vitals moved): names only, never content, since readers differ by the note's privacy.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { accessReasonOf } from '../record/access.js';
import { announceChartChange } from '../record/live.js';
import type { ReadContext } from './access.js';
import { NoteReads } from './reads.js';
import { NOTE_AUDIT_FIELDS, Note, NoteBody, NotesQuery, NoteUpdateBody, NoteVersion } from './schemas.js';
import { NotesService, type Saved } from './service.js';

const READ_RULES =
  'Readers: the author always; standard notes the care team (doctors with a care relationship, nurses of a location the ' +
  'patient visits) and admins/receptionists where STAFF_CAN_READ_RECORDS is on and X-Access-Reason says why; sensitive ' +
  'notes the doctors of the care team; highly sensitive notes the care-team doctors and nurses the author named. ';

const notesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new NotesService(app.db, app.mongo.db);
  const reads = new NoteReads(app.db, app.mongo.db);
  const settings = { careRelationshipDays: app.config.careRelationshipDays, staffCanReadRecords: app.config.staffCanReadRecords };
  const contextOf = (request: FastifyRequest): ReadContext => ({ settings, reason: accessReasonOf(request) });
  const common = { tags: ['notes'], security: bearer };
  const announce = ({ note, vitalsChanged }: Saved) => {
    announceChartChange(app.io, note.patientId, 'notes');
    if (vitalsChanged) announceChartChange(app.io, note.patientId, 'vitals');
    return note;
  };

  app.post(
    '/api/appointments/:id/notes',
    {
      config: { ...auditCreates(NOTE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Write the note of a visit (treating doctor)',
        description:
          'SOAP, optionally the fuller note (chief complaint, history of present illness, review of systems, physical exam, ' +
          'differential diagnosis, referrals) and a privacy level (default standard). objective.vitals also join the ' +
          "patient's vitals series (one row per note, following its latest version).",
        params: IdParams,
        body: NoteBody,
        response: { 201: Note, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request, reply) => reply.status(201).send(announce(await service.create(userOf(request), request.params.id, request.body))),
  );

  app.put(
    '/api/notes/:id',
    {
      config: auditChanges(NOTE_AUDIT_FIELDS, ({ id }: { id: string }, actor) => reads.read(actor, id, { settings, reason: null })),
      schema: {
        ...common,
        summary: 'Add a version of the note (every version is kept)',
        description:
          'baseVersion is the version the edit started from; every editor should send it (the web console does). ' +
          'When another save made a newer version meanwhile, ' +
          'nothing is stored and the answer is 409 VERSION_CONFLICT with `latest`: that newer note (version, soap, final, ' +
          'updatedAt). Of two saves from the same baseVersion exactly one is stored. To keep your text over the newer one, ' +
          'send it again with baseVersion = latest.version. Without baseVersion (clients written before it) the save goes ' +
          'on top of the latest version, as it always did. privacy and sharedWithUserIds left out keep the note’s.',
        params: IdParams,
        body: NoteUpdateBody,
        response: { 200: Note, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('doctor'),
    },
    async (request) => announce(await service.update(userOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/notes/:id',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'The note: the author and the care team see the latest version, the patient the shared final one',
        description:
          READ_RULES +
          'The patient reads the latest final version once shared. A note the caller may not read answers 404 as if it did not exist; ' +
          'staff get 403 (FORBIDDEN, or ACCESS_REASON_REQUIRED without X-Access-Reason) before any note is looked up.',
        params: IdParams,
        response: { 200: Note, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'nurse', 'admin', 'receptionist', 'patient'),
    },
    async (request) => reads.read(userOf(request), request.params.id, contextOf(request)),
  );

  app.get(
    '/api/notes',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Notes of a patient or a visit, newest first (max 100), optionally searched',
        description:
          READ_RULES +
          'A doctor gets the notes they wrote and, with a care relationship, the patient’s notes their privacy lets them read; ' +
          'nurses and staff must name the patient or the visit (403 without a relation to the patient); a patient gets their ' +
          'own shared notes (latest final versions). `query` finds words in the chief complaint, the assessment text and ' +
          'diagnosis descriptions (a patient’s search looks only in what they may read); a doctor may search the notes they ' +
          'wrote with `query` alone. Give patientId, appointmentId, query or a combination.',
        querystring: NotesQuery,
        response: { 200: Type.Object({ notes: Type.Array(Note) }), ...errors(400, 401, 403) },
      },
      onRequest: allow('doctor', 'nurse', 'admin', 'receptionist', 'patient'),
    },
    async (request) => reads.list(userOf(request), request.query, contextOf(request)),
  );

  app.get(
    '/api/notes/:id/versions',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Every version of the note (the author and the care team its privacy allows)',
        description: `${READ_RULES}Patients never read versions (drafts); a note the caller may not read answers 404.`,
        params: IdParams,
        response: { 200: Type.Object({ versions: Type.Array(NoteVersion) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'nurse', 'admin', 'receptionist'),
    },
    async (request) => reads.history(userOf(request), request.params.id, contextOf(request)),
  );
};

export default notesRoutes;
