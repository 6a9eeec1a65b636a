import { Type } from 'typebox';
import { Instant } from '../../http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Reminder = Type.Object({
  kind: Type.Union([Type.Literal('confirmation'), Type.Literal('reminder'), Type.Literal('moved'), Type.Literal('cancelled')]),
  offset: Nullable(Type.String({ description: 'ISO 8601 duration before the start (reminders only)' })),
  dueAt: Instant,
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('in_app')]),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('sent'), Type.Literal('skipped'), Type.Literal('failed')]),
  reason: Nullable(Type.String({ description: 'Why it was skipped, or the last error' })),
  attempts: Type.Integer(),
  sentAt: Nullable(Instant),
});

export const ReminderList = Type.Array(Reminder);
