// The `documents` collection: one document of metadata per uploaded file (the bytes are in GridFS,
// storage.ts). Owned by this module; db/mongo/collections.ts holds its validator and indexes.
import type { Collection, Db, Filter } from 'mongodb';
import type { DocumentType } from './schemas.js';
import type { DocumentMime } from './sniff.js';

export interface DocumentDoc {
  _id: string;
  patientId: string;
  appointmentId: string | null;
  type: DocumentType;
  title: string;
  recordDate: string | null;
  tags: string[];
  mimeType: DocumentMime;
  size: number;
  sha256: string;
  /** The name the download offers: the uploaded name made safe, with the sniffed type's extension. */
  filename: string;
  /** GridFS ids (bucket `documents`) of the bytes and of the PNG preview. */
  fileId: string;
  thumbnailId: string | null;
  sharedWithPatient: boolean;
  archived: boolean;
  uploadedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DocumentSearch {
  patientId: string;
  archived: boolean;
  type?: DocumentType;
  tag?: string;
  query?: string;
  sharedOnly: boolean;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class DocumentsRepository {
  private readonly docs: Collection<DocumentDoc>;

  constructor(db: Db) {
    this.docs = db.collection<DocumentDoc>('documents');
  }

  async insert(doc: DocumentDoc): Promise<void> {
    await this.docs.insertOne(doc);
  }

  byId(id: string): Promise<DocumentDoc | null> {
    return this.docs.findOne({ _id: id });
  }

  /** Newest first; at most 200 (a patient's whole shelf in practice). */
  search(s: DocumentSearch): Promise<DocumentDoc[]> {
    const filter: Filter<DocumentDoc> = { patientId: s.patientId, archived: s.archived };
    if (s.sharedOnly) filter.sharedWithPatient = true;
    if (s.type) filter.type = s.type;
    if (s.tag) filter.tags = s.tag;
    if (s.query) filter.title = { $regex: escapeRegex(s.query), $options: 'i' };
    return this.docs.find(filter).sort({ createdAt: -1, _id: -1 }).limit(200).toArray();
  }

  async update(id: string, set: Partial<DocumentDoc>): Promise<DocumentDoc | null> {
    return this.docs.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
  }
}
