// Patient documents: who may upload, read, find and change them (record/access.ts decides the
// relation), and the order an upload is kept in: the bytes (storage.ts) and the preview first, the
// metadata last, so a listed document always has its bytes; a refused or broken upload leaves none.
import type { Readable } from 'node:stream';
import type { Db } from 'mongodb';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { badRequest, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { type RecordAccessSettings, type RecordRelation, recordRelation } from '../record/access.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { userNames } from '../users/repository.js';
import { type DocumentDoc, DocumentsRepository } from './repository.js';
import { type DocumentsQuery, type DocumentUpdateBody, type DocumentView, TAG_MAX, TAGS_MAX } from './schemas.js';
import { safeFilename } from './sniff.js';
import { bucketOf, readWhole, removeFile, type StoredFile, storeFile } from './storage.js';
import { makeThumbnail } from './thumbnail.js';
import type { UploadPart } from './upload.js';

export interface DocumentSettings extends RecordAccessSettings {
  documentMaxBytes: number;
}

/** A file kept in GridFS whose metadata is not written yet. */
export interface PendingUpload {
  id: string;
  part: UploadPart;
  tags: string[];
  stored: StoredFile;
  filename: string;
  thumbnailId: string | null;
}

/** "a, B ,c" → ['a', 'b', 'c']: trimmed, lower case (tags are matched without case), no repeats. */
export function parseTags(text: string | undefined): string[] {
  if (text === undefined) return [];
  const tags = [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (tags.length > TAGS_MAX) throw badRequest(`At most ${TAGS_MAX} tags`, { field: 'tags' });
  if (tags.some((t) => t.length > TAG_MAX)) throw badRequest(`A tag has at most ${TAG_MAX} characters`, { field: 'tags' });
  return tags;
}

export class DocumentsService {
  private readonly repo: DocumentsRepository;

  constructor(
    private readonly db: Database,
    private readonly mongo: Db,
    private readonly settings: DocumentSettings,
  ) {
    this.repo = new DocumentsRepository(mongo);
  }

  private relation(actor: UserPrincipal, patientId: string, reason: string | null): Promise<RecordRelation> {
    return recordRelation(this.db, actor, patientId, this.settings, reason);
  }

  /** Doctors and nurses of the care team upload; checked before a byte of the file is read. */
  async mayUpload(actor: UserPrincipal, patientId: string): Promise<void> {
    const relation = await this.relation(actor, patientId, null);
    if (relation !== 'doctor' && relation !== 'nurse') throw forbidden('Only the care team adds documents');
  }

  /** Checks the fields, then streams the file into GridFS and makes its preview. */
  async store(patientId: string, part: UploadPart): Promise<PendingUpload> {
    const tags = parseTags(part.fields.tags);
    if (part.fields.appointmentId) {
      const visit = await loadAppointment(this.db, part.fields.appointmentId).catch(() => null);
      if (visit?.patientId !== patientId) throw badRequest('appointmentId is not a visit of this patient', { field: 'appointmentId' });
    }
    const id = newId();
    const stored = await storeFile(this.mongo, id, id, part.file, this.settings.documentMaxBytes);
    const pending: PendingUpload = {
      id,
      part,
      tags,
      stored,
      filename: safeFilename(part.filename, stored.mime, 'document'),
      thumbnailId: null,
    };
    if (stored.mime === 'image/png' || stored.mime === 'image/jpeg') {
      const thumbnail = await makeThumbnail(await readWhole(this.mongo, id), stored.mime);
      if (thumbnail) {
        const thumbnailId = newId();
        await new Promise<void>((resolve, reject) =>
          bucketOf(this.mongo)
            .openUploadStreamWithId(thumbnailId as never, `${id}.thumbnail.png`, { metadata: { mimeType: 'image/png', thumbnailOf: id } })
            .once('error', reject)
            .end(thumbnail, () => resolve()),
        );
        pending.thumbnailId = thumbnailId;
      }
    }
    return pending;
  }

  /** Undoes `store` (the form went on after the file). */
  async discard(pending: PendingUpload): Promise<void> {
    await removeFile(this.mongo, pending.id);
    if (pending.thumbnailId) await removeFile(this.mongo, pending.thumbnailId);
  }

  /** Writes the metadata of a stored upload: from now on it is listed. */
  async record(actor: UserPrincipal, patientId: string, pending: PendingUpload): Promise<DocumentView> {
    const now = new Date();
    const { fields } = pending.part;
    const doc: DocumentDoc = {
      _id: pending.id,
      patientId,
      appointmentId: fields.appointmentId ?? null,
      type: fields.type,
      title: fields.title.trim(),
      recordDate: fields.recordDate ?? null,
      tags: pending.tags,
      mimeType: pending.stored.mime,
      size: pending.stored.size,
      sha256: pending.stored.sha256,
      filename: pending.filename,
      fileId: pending.id,
      thumbnailId: pending.thumbnailId,
      sharedWithPatient: fields.shareWithPatient === 'true',
      archived: false,
      uploadedBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repo.insert(doc);
    } catch (err) {
      await this.discard(pending);
      throw err;
    }
    return (await this.present([doc]))[0]!;
  }

  /** The document as `actor` may see it: 404 for a patient when it is not shared or is archived. */
  async load(actor: UserPrincipal, id: string, reason: string | null): Promise<DocumentDoc> {
    const doc = await this.repo.byId(id);
    if (!doc) throw notFound('Document');
    const relation = await this.relation(actor, doc.patientId, reason);
    if (relation === 'patient' && (!doc.sharedWithPatient || doc.archived)) throw notFound('Document');
    return doc;
  }

  async read(actor: UserPrincipal, id: string, reason: string | null): Promise<DocumentView> {
    return (await this.present([await this.load(actor, id, reason)]))[0]!;
  }

  async list(actor: UserPrincipal, patientId: string, query: DocumentsQuery, reason: string | null): Promise<DocumentView[]> {
    const relation = await this.relation(actor, patientId, reason);
    const sharedOnly = relation === 'patient';
    if (sharedOnly && query.archived) return [];
    const found = await this.repo.search({
      patientId,
      archived: query.archived ?? false,
      type: query.type,
      tag: query.tag?.trim().toLowerCase(),
      query: query.query,
      sharedOnly,
    });
    return this.present(found);
  }

  /** The stored bytes of a document the actor may read, as a stream. */
  async content(actor: UserPrincipal, id: string, reason: string | null): Promise<{ doc: DocumentDoc; stream: Readable }> {
    const doc = await this.load(actor, id, reason);
    return { doc, stream: bucketOf(this.mongo).openDownloadStream(doc.fileId as never) };
  }

  async thumbnail(actor: UserPrincipal, id: string, reason: string | null): Promise<Readable> {
    const doc = await this.load(actor, id, reason);
    if (!doc.thumbnailId) throw notFound('Thumbnail');
    return bucketOf(this.mongo).openDownloadStream(doc.thumbnailId as never);
  }

  /** Doctors of the care team change the metadata; nothing is deleted (archived instead). */
  async update(actor: UserPrincipal, id: string, body: DocumentUpdateBody): Promise<DocumentView> {
    const doc = await this.load(actor, id, null);
    if (actor.role !== 'doctor') throw forbidden('Only the doctors of the care team change documents');
    const set: Partial<DocumentDoc> = { updatedAt: new Date() };
    if (body.title !== undefined) set.title = body.title.trim();
    if (body.type !== undefined) set.type = body.type;
    if (body.tags !== undefined) set.tags = parseTags(body.tags.join(','));
    if (body.recordDate !== undefined) set.recordDate = body.recordDate;
    if (body.shareWithPatient !== undefined) set.sharedWithPatient = body.shareWithPatient;
    if (body.archived !== undefined) set.archived = body.archived;
    const updated = await this.repo.update(doc._id, set);
    if (!updated) throw notFound('Document');
    return (await this.present([updated]))[0]!;
  }

  private async present(docs: DocumentDoc[]): Promise<DocumentView[]> {
    const names = await userNames(
      this.db,
      docs.map((d) => d.uploadedBy),
    );
    return docs.map((d) => ({
      id: d._id,
      patientId: d.patientId,
      appointmentId: d.appointmentId,
      type: d.type,
      title: d.title,
      recordDate: d.recordDate,
      tags: d.tags,
      mimeType: d.mimeType,
      size: d.size,
      sha256: d.sha256,
      sharedWithPatient: d.sharedWithPatient,
      archived: d.archived,
      hasThumbnail: d.thumbnailId !== null,
      uploadedBy: { id: d.uploadedBy, name: names.get(d.uploadedBy) ?? '' },
      createdAt: d.createdAt.toISOString(),
    }));
  }
}
