// MongoDB collections of the hub with their JSON-schema validators and indexes.
// `npm run db:migrate` applies them (createCollection / collMod / createIndexes are idempotent).
import type { CreateIndexesOptions, Document, IndexSpecification } from 'mongodb';

export interface CollectionSpec {
  name: string;
  validator?: Document;
  indexes: { key: IndexSpecification; options: CreateIndexesOptions & { name: string } }[];
}

const id = { bsonType: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' };
const date = { bsonType: 'date' };

/** Message threads: one document per thread, never the messages themselves (those grow). */
const threads: CollectionSpec = {
  name: 'threads',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'patientId', 'doctorId', 'participants', 'unread', 'createdAt'],
      properties: {
        _id: id,
        patientId: id,
        doctorId: id,
        participants: {
          bsonType: 'array',
          maxItems: 10,
          items: {
            bsonType: 'object',
            required: ['userId', 'role', 'name'],
            properties: { userId: id, role: { bsonType: 'string' }, name: { bsonType: 'string' } },
          },
        },
        unread: { bsonType: 'object' },
        lastMessage: { bsonType: ['object', 'null'] },
        lastMessageAt: { bsonType: ['date', 'null'] },
        createdAt: date,
      },
    },
  },
  indexes: [
    { key: { patientId: 1, doctorId: 1 }, options: { name: 'patient_doctor_unique', unique: true } },
    { key: { 'participants.userId': 1, lastMessageAt: -1 }, options: { name: 'participant_recent' } },
  ],
};

/** One document per message; `_id` is a ULID, so sorting by it is sorting by time. */
const messages: CollectionSpec = {
  name: 'messages',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'threadId', 'senderId', 'clientMessageId', 'body', 'createdAt'],
      properties: {
        _id: id,
        threadId: id,
        senderId: id,
        clientMessageId: { bsonType: 'string', minLength: 8, maxLength: 64 },
        body: { bsonType: 'string', maxLength: 4000 },
        createdAt: date,
        readBy: { bsonType: 'object' },
      },
    },
  },
  indexes: [
    { key: { threadId: 1, _id: -1 }, options: { name: 'thread_latest' } },
    // A retried send carries the same client id: the second insert fails, nothing is duplicated.
    { key: { senderId: 1, clientMessageId: 1 }, options: { name: 'sender_client_id_unique', unique: true } },
  ],
};

/** Notifications for users who were offline, delivered on their next connect. */
const pendingNotifications: CollectionSpec = {
  name: 'pending_notifications',
  indexes: [
    { key: { userId: 1, _id: 1 }, options: { name: 'user_pending' } },
    { key: { createdAt: 1 }, options: { name: 'expire_after_30_days', expireAfterSeconds: 30 * 86_400 } },
  ],
};

/** Clinical notes: the latest state per visit; every version in note_versions. */
const notes: CollectionSpec = {
  name: 'notes',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'appointmentId', 'patientId', 'doctorId', 'version', 'soap', 'createdAt'],
      properties: {
        _id: id,
        appointmentId: id,
        patientId: id,
        doctorId: id,
        version: { bsonType: ['int', 'long', 'double'] },
        soap: { bsonType: 'object' },
      },
    },
  },
  indexes: [
    { key: { appointmentId: 1 }, options: { name: 'one_note_per_visit', unique: true } },
    { key: { patientId: 1, updatedAt: -1 }, options: { name: 'patient_recent' } },
  ],
};

const noteVersions: CollectionSpec = {
  name: 'note_versions',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'noteId', 'version', 'soap', 'by', 'at'],
      properties: { _id: id, noteId: id, by: id, at: date },
    },
  },
  indexes: [{ key: { noteId: 1, version: 1 }, options: { name: 'note_version_unique', unique: true } }],
};

/**
 * The application inserts entries and never changes or removes one; the only update is the count
 * of a summarised refusal (one entry per action, address and minute: summaryKey).
 */
const auditEvents: CollectionSpec = {
  name: 'audit_events',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'at', 'action', 'outcome'],
      properties: { _id: id, at: date, action: { bsonType: 'string' } },
    },
  },
  indexes: [
    { key: { targetId: 1, _id: -1 }, options: { name: 'by_target' } },
    { key: { actorId: 1, _id: -1 }, options: { name: 'by_actor' } },
    { key: { at: -1 }, options: { name: 'by_time' } },
    { key: { summaryKey: 1 }, options: { name: 'refusal_summary_unique', unique: true, sparse: true } },
  ],
};

/**
 * Patient documents: the metadata of each upload (server/modules/documents). The bytes and previews
 * are GridFS files of the bucket `documents` (documents.files, documents.chunks), whose indexes
 * are the ones the driver's GridFSBucket would otherwise make on its first upload.
 */
const documents: CollectionSpec = {
  name: 'documents',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: [
        '_id',
        'patientId',
        'type',
        'title',
        'tags',
        'mimeType',
        'size',
        'sha256',
        'fileId',
        'sharedWithPatient',
        'archived',
        'uploadedBy',
        'createdAt',
      ],
      properties: {
        _id: id,
        patientId: id,
        appointmentId: { bsonType: ['string', 'null'] },
        type: { enum: ['lab_report', 'xray', 'mri', 'ct', 'ultrasound', 'ecg', 'prescription', 'discharge_summary', 'other'] },
        title: { bsonType: 'string', minLength: 1, maxLength: 200 },
        recordDate: { bsonType: ['string', 'null'] },
        tags: { bsonType: 'array', maxItems: 10, items: { bsonType: 'string', maxLength: 40 } },
        mimeType: { enum: ['application/pdf', 'image/png', 'image/jpeg', 'application/dicom', 'text/plain'] },
        size: { bsonType: ['int', 'long', 'double'] },
        sha256: { bsonType: 'string', pattern: '^[0-9a-f]{64}$' },
        fileId: id,
        thumbnailId: { bsonType: ['string', 'null'] },
        sharedWithPatient: { bsonType: 'bool' },
        archived: { bsonType: 'bool' },
        uploadedBy: id,
        createdAt: date,
      },
    },
  },
  indexes: [
    { key: { patientId: 1, createdAt: -1 }, options: { name: 'patient_recent' } },
    { key: { patientId: 1, type: 1 }, options: { name: 'patient_type' } },
    { key: { patientId: 1, tags: 1 }, options: { name: 'patient_tags' } },
  ],
};

const documentFiles: CollectionSpec = {
  name: 'documents.files',
  indexes: [{ key: { filename: 1, uploadDate: 1 }, options: { name: 'filename_1_uploadDate_1' } }],
};

const documentChunks: CollectionSpec = {
  name: 'documents.chunks',
  indexes: [{ key: { files_id: 1, n: 1 }, options: { name: 'files_id_1_n_1', unique: true } }],
};

const rating = { bsonType: 'int', minimum: 1, maximum: 5 };
const shortText = (maxLength: number) => ({ bsonType: ['string', 'null'], maxLength });

/**
 * Patient feedback (server/modules/feedback): one document per completed visit, which the unique
 * index on appointmentId guarantees however many submissions race. Ratings 1–5 per dimension
 * (overall required), free text, moderation, the doctor's one reply and the admins' follow-up.
 */
const feedback: CollectionSpec = {
  name: 'feedback',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'appointmentId', 'patientId', 'doctorId', 'locationId', 'ratings', 'anonymous', 'status', 'channel', 'createdAt'],
      properties: {
        _id: id,
        appointmentId: id,
        patientId: id,
        doctorId: id,
        locationId: id,
        visitAt: date,
        visitDay: { bsonType: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        ratings: {
          bsonType: 'object',
          required: ['overall'],
          additionalProperties: false,
          properties: {
            overall: rating,
            waitTime: rating,
            communication: rating,
            staffCourtesy: rating,
            cleanliness: rating,
            easeOfBooking: rating,
          },
        },
        comment: shortText(2000),
        wentWell: shortText(2000),
        suggestions: shortText(2000),
        anonymous: { bsonType: 'bool' },
        channel: { enum: ['portal', 'link'] },
        status: { enum: ['pending', 'approved', 'rejected'] },
        helpfulBy: { bsonType: 'array', items: id },
        createdAt: date,
      },
    },
  },
  indexes: [
    { key: { appointmentId: 1 }, options: { name: 'one_per_visit', unique: true } },
    { key: { doctorId: 1, status: 1, _id: -1 }, options: { name: 'doctor_status_recent' } },
    { key: { status: 1, _id: -1 }, options: { name: 'status_recent' } },
    { key: { patientId: 1, _id: -1 }, options: { name: 'patient_recent' } },
    { key: { locationId: 1, visitDay: 1 }, options: { name: 'location_day' } },
    { key: { 'followUp.status': 1, _id: -1 }, options: { name: 'follow_up_open', sparse: true } },
  ],
};

/**
 * Every signed-in user's notifications (the bell): read state, priority, an action link, an expiry.
 * Purged six months after they were made (a TTL index); expired ones are hidden before then.
 */
const inbox: CollectionSpec = {
  name: 'inbox',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'userId', 'type', 'title', 'body', 'priority', 'createdAt'],
      properties: {
        _id: id,
        userId: id,
        type: { bsonType: 'string', maxLength: 64 },
        title: { bsonType: 'string', maxLength: 200 },
        body: { bsonType: 'string', maxLength: 1000 },
        priority: { enum: ['low', 'normal', 'high'] },
        actionUrl: { bsonType: ['string', 'null'], maxLength: 500 },
        readAt: { bsonType: ['date', 'null'] },
        expiresAt: { bsonType: ['date', 'null'] },
        createdAt: date,
        key: { bsonType: 'string', maxLength: 300 },
      },
    },
  },
  indexes: [
    { key: { userId: 1, _id: -1 }, options: { name: 'user_recent' } },
    { key: { userId: 1, readAt: 1 }, options: { name: 'user_unread' } },
    // `<userId>/<source key>` (a notification_log row, a message id): a retried job keeps its notice once.
    { key: { key: 1 }, options: { name: 'key_unique', unique: true, sparse: true } },
    { key: { createdAt: 1 }, options: { name: 'purge_after_six_months', expireAfterSeconds: 183 * 86_400 } },
  ],
};

/**
 * What went wrong outside a request an admin would otherwise never see: failed jobs, refused
 * webhooks, start-up errors. Kept 90 days (a TTL index); never clinical text or secrets.
 */
const systemLogs: CollectionSpec = {
  name: 'system_logs',
  validator: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['_id', 'at', 'level', 'source', 'event', 'message'],
      properties: {
        _id: id,
        at: date,
        level: { enum: ['info', 'warn', 'error'] },
        source: { bsonType: 'string', maxLength: 64 },
        event: { bsonType: 'string', maxLength: 100 },
        message: { bsonType: 'string', maxLength: 1000 },
      },
    },
  },
  indexes: [
    { key: { at: -1 }, options: { name: 'recent' } },
    { key: { source: 1, at: -1 }, options: { name: 'source_recent' } },
    { key: { at: 1 }, options: { name: 'purge_after_90_days', expireAfterSeconds: 90 * 86_400 } },
  ],
};

export const COLLECTIONS: CollectionSpec[] = [
  threads,
  messages,
  pendingNotifications,
  notes,
  noteVersions,
  auditEvents,
  documents,
  documentFiles,
  documentChunks,
  feedback,
  inbox,
  systemLogs,
];
