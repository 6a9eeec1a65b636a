import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';

export const ClientMessageId = Type.String({
  pattern: '^[A-Za-z0-9_-]{8,64}$',
  description: 'Chosen by the client; a retry with the same id stores nothing new',
});
export const Body = Type.String({ minLength: 1, maxLength: 4000, description: 'Well-formed Unicode text (no lone surrogates)' });

export const OpenThreadBody = Type.Object(
  { doctorId: Type.Optional(Id), patientId: Type.Optional(Id) },
  { additionalProperties: false, minProperties: 1 },
);
export const Attachment = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$', maxLength: 100, description: 'MIME type, e.g. application/pdf' }),
    size: Type.Integer({ minimum: 1, maximum: 26_214_400, description: 'Bytes, at most 25 MiB' }),
    url: Type.String({ format: 'uri', pattern: '^https://', maxLength: 2000, description: 'Where the file is stored (https)' }),
  },
  { additionalProperties: false },
);
const Attachments = Type.Optional(Type.Array(Attachment, { maxItems: 5 }));
export const SendBody = Type.Object(
  { clientMessageId: ClientMessageId, body: Body, attachments: Attachments },
  { additionalProperties: false },
);
export const EditBody = Type.Object({ body: Body }, { additionalProperties: false });
export const AddParticipantBody = Type.Object({ userId: Id }, { additionalProperties: false });
export const ParticipantParams = Type.Object({ id: Id, userId: Id }, { additionalProperties: false });
export const MessageParams = Type.Object({ id: Id, messageId: Id }, { additionalProperties: false });
export const MessagesQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    before: Type.Optional(Id),
    after: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const Participant = Type.Object({ userId: Id, role: Type.String(), name: Type.String() });
export const Thread = Type.Object({
  id: Id,
  patientId: Id,
  doctorId: Id,
  participants: Type.Array(Participant),
  unreadCount: Type.Integer(),
  lastMessage: Type.Union([Type.Object({ id: Id, senderId: Id, preview: Type.String(), at: Type.String() }), Type.Null()]),
  createdAt: Type.String(),
});
export const Message = Type.Object({
  id: Id,
  threadId: Id,
  senderId: Id,
  clientMessageId: Type.String(),
  body: Type.Union([Type.String(), Type.Null()], { description: 'null once deleted' }),
  attachments: Type.Array(Attachment),
  edited: Type.Boolean(),
  editedAt: Type.Union([Type.String(), Type.Null()]),
  deleted: Type.Boolean(),
  createdAt: Type.String(),
  readBy: Type.Record(Type.String(), Type.String()),
});
export const MessagePage = Type.Object({ messages: Type.Array(Message), nextBefore: Type.Union([Id, Type.Null()]) });

// Socket payloads
export const JoinPayload = Type.Object({ threadId: Id, after: Type.Optional(Id) }, { additionalProperties: false });
export const SendPayload = Type.Object(
  { threadId: Id, clientMessageId: ClientMessageId, body: Body, attachments: Attachments },
  { additionalProperties: false },
);
export const TypingPayload = Type.Object({ threadId: Id, isTyping: Type.Boolean() }, { additionalProperties: false });
export const ReadPayload = Type.Object({ threadId: Id, messageId: Id }, { additionalProperties: false });

/** Fields of a message and a thread the audit log keeps: ids, times and flags; never a message's text or preview. */
export const MESSAGE_AUDIT_FIELDS = [
  'id',
  'threadId',
  'senderId',
  'clientMessageId',
  'edited',
  'editedAt',
  'deleted',
  'createdAt',
  'readBy',
  'userId',
  'messageId',
] as const;
export const THREAD_AUDIT_FIELDS = ['id', 'patientId', 'doctorId', 'participants', 'createdAt'] as const;
