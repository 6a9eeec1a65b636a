// The MongoDB collections of messaging, typed. Documents refer to MySQL rows by their ids.
import type { Collection, Db } from 'mongodb';
import { pendingNotifications } from '../inbox/store.js';

export interface Participant {
  userId: string;
  role: 'patient' | 'doctor' | 'admin' | 'receptionist';
  name: string;
}

export interface ThreadDoc {
  _id: string;
  patientId: string;
  doctorId: string;
  participants: Participant[];
  /** Unread messages per participant's user id. */
  unread: Record<string, number>;
  lastMessage: { id: string; senderId: string; preview: string; at: Date } | null;
  lastMessageAt: Date | null;
  /** The last patient message the care team was alerted about (so each alert goes out once). */
  alertedForMessageId?: string | null;
  createdAt: Date;
}

export interface MessageDoc {
  _id: string;
  threadId: string;
  senderId: string;
  clientMessageId: string;
  body: string;
  createdAt: Date;
  /** When each participant read it (user id → instant). */
  readBy: Record<string, Date>;
  attachments?: Attachment[];
  /** Earlier bodies, oldest first: an edit keeps every version. */
  versions?: { body: string; replacedAt: Date }[];
  editedAt?: Date | null;
  /** A deleted message stays as a tombstone; its text is kept in `versions`, never shown. */
  deletedAt?: Date | null;
}

export interface Attachment {
  name: string;
  type: string;
  size: number;
  url: string;
}

export function messagingStore(db: Db) {
  return {
    threads: db.collection<ThreadDoc>('threads') as Collection<ThreadDoc>,
    messages: db.collection<MessageDoc>('messages') as Collection<MessageDoc>,
    /** What offline people are handed on their next connect (the inbox module's collection: inbox/notify.ts writes it). */
    pending: pendingNotifications(db),
  };
}

export type MessagingStore = ReturnType<typeof messagingStore>;
