// The inbox's API shapes (GET /api/inbox, POST /api/inbox/:id/read, POST /api/inbox/read-all).
import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';

export const InboxQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only items not read yet' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    before: Type.Optional(Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'An id from `next`: items older than it' })),
  },
  { additionalProperties: false },
);

export const InboxItem = Type.Object({
  id: Id,
  type: Type.String({ description: 'What it is about, e.g. message, appointment_reminder, stock_low, feedback_follow_up' }),
  title: Type.String(),
  body: Type.String(),
  data: Type.Object(
    {},
    { additionalProperties: true, description: 'Ids the view opens (threadId, appointmentId, feedbackId…): never clinical content' },
  ),
  priority: Type.Enum(['low', 'normal', 'high']),
  actionUrl: Type.Union([Type.String({ description: 'The page of the app that deals with it, e.g. /patient#messages' }), Type.Null()]),
  read: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const InboxPage = Type.Object({
  items: Type.Array(InboxItem),
  unreadCount: Type.Integer({ description: 'Unread items not expired, whatever the filter' }),
  next: Type.Union([Type.String({ description: 'Pass as `before` for the next (older) page' }), Type.Null()]),
});

export const ReadAllAnswer = Type.Object({ marked: Type.Integer({ description: 'Items marked read now' }), unreadCount: Type.Integer() });

/** Kept with their values in the audit log: read state only (titles and bodies are never listed). */
export const INBOX_AUDIT_FIELDS = ['read'] as const;
