// Patient–doctor threads. A patient may open a thread with a doctor they have a care relationship
// with (scheduling's haveCareRelationship: a visit together, booked or had, not cancelled or a
// no-show, within CARE_RELATIONSHIP_DAYS), and a doctor with such a patient; only the thread's
// participants read it. When the relationship ends the thread stays readable by its participants
// (it is their correspondence, and what a doctor advised must stay on hand), but nobody writes or
// edits in it until the two have a care relationship again (a new booking): one booking, cancelled
// at once, buys no lasting line to a doctor. Messages are one document each; a repeated
// clientMessageId returns the first message and stores nothing.
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { AppError, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { doctorsByIds } from '../doctors/repository.js';
import { patientLogin } from '../patients/repository.js';
import { haveCareRelationship } from '../scheduling/care-team.js';
import { findCurrentUser } from '../users/repository.js';
import type { Attachment, MessageDoc, MessagingStore, Participant, ThreadDoc } from './store.js';
import { ThreadSummaries } from './summaries.js';

const MAX_VERSIONS = 50;

export function publicThread(t: ThreadDoc, viewer: string) {
  return {
    id: t._id,
    patientId: t.patientId,
    doctorId: t.doctorId,
    participants: t.participants,
    unreadCount: t.unread[viewer] ?? 0,
    lastMessage: t.lastMessage ? { ...t.lastMessage, at: t.lastMessage.at.toISOString() } : null,
    createdAt: t.createdAt.toISOString(),
  };
}

export function publicMessage(m: MessageDoc) {
  return {
    id: m._id,
    threadId: m.threadId,
    senderId: m.senderId,
    clientMessageId: m.clientMessageId,
    body: m.deletedAt ? null : m.body,
    attachments: m.deletedAt ? [] : (m.attachments ?? []),
    edited: Boolean(m.editedAt),
    editedAt: m.editedAt?.toISOString() ?? null,
    deleted: Boolean(m.deletedAt),
    createdAt: m.createdAt.toISOString(),
    readBy: Object.fromEntries(Object.entries(m.readBy ?? {}).map(([k, v]) => [k, v.toISOString()])),
  };
}

export type PublicMessage = ReturnType<typeof publicMessage>;

export interface SendInput {
  clientMessageId: string;
  body: string;
  attachments?: Attachment[];
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/** The settings messaging follows (server/config.ts). */
export interface MessagingPolicy {
  /** Admins and receptionists read threads they are not part of (STAFF_CAN_READ_THREADS). */
  staffCanReadThreads: boolean;
  /** Days a care relationship lasts after the last visit (CARE_RELATIONSHIP_DAYS). */
  careRelationshipDays: number;
}

export class MessagingService {
  private readonly summaries: ThreadSummaries;

  constructor(
    private readonly db: Database,
    private readonly store: MessagingStore,
    private readonly policy: MessagingPolicy,
    /** The node's shared summary writer (runtime.ts); a service of its own gets one of its own. */
    summaries?: ThreadSummaries,
  ) {
    this.summaries = summaries ?? new ThreadSummaries(store);
  }

  private careRelationship(patientId: string, doctorId: string): Promise<boolean> {
    return haveCareRelationship(this.db, patientId, doctorId, { days: this.policy.careRelationshipDays });
  }

  /** 403 unless the thread's patient and doctor have a care relationship now: new text needs one. */
  private async assertWritable(thread: ThreadDoc): Promise<void> {
    if (!(await this.careRelationship(thread.patientId, thread.doctorId)))
      throw forbidden('This conversation is closed: the patient and the doctor have no current or recent visit together');
  }

  /** Opens (or returns) the thread between a patient and a doctor who have a care relationship. */
  async open(
    actor: UserPrincipal,
    input: { doctorId?: string; patientId?: string },
  ): Promise<{ thread: ReturnType<typeof publicThread>; created: boolean }> {
    let patientId: string;
    let doctorId: string;
    if (actor.role === 'patient' && actor.patientId && input.doctorId && !input.patientId) {
      patientId = actor.patientId;
      doctorId = input.doctorId;
    } else if (actor.role === 'doctor' && actor.doctorId && input.patientId && !input.doctorId) {
      patientId = input.patientId;
      doctorId = actor.doctorId;
    } else {
      throw forbidden('Patients open threads with a doctor ({doctorId}); doctors with a patient ({patientId})');
    }
    if (!(await this.careRelationship(patientId, doctorId)))
      throw forbidden('Threads are open between a patient and a doctor with a current or recent visit together');
    const existing = await this.store.threads.findOne({ patientId, doctorId });
    if (existing) return { thread: publicThread(existing, actor.userId), created: false };
    const participants = await this.participants(patientId, doctorId);
    const thread: ThreadDoc = {
      _id: newId(),
      patientId,
      doctorId,
      participants,
      unread: Object.fromEntries(participants.map((p) => [p.userId, 0])),
      lastMessage: null,
      lastMessageAt: null,
      createdAt: new Date(),
    };
    try {
      await this.store.threads.insertOne(thread);
      return { thread: publicThread(thread, actor.userId), created: true };
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const raced = await this.store.threads.findOne({ patientId, doctorId });
      return { thread: publicThread(raced!, actor.userId), created: false };
    }
  }

  private async participants(patientId: string, doctorId: string): Promise<Participant[]> {
    const p = await patientLogin(this.db, patientId);
    const [d] = await doctorsByIds(this.db, [doctorId]);
    if (!p || !d) throw notFound('Patient or doctor');
    if (!p.userId) throw new AppError(409, ErrorCode.PATIENT_HAS_NO_LOGIN, 'This patient has no portal login to message with');
    return [
      { userId: p.userId, role: 'patient', name: `${p.firstName} ${p.lastName}` },
      { userId: d.userId, role: 'doctor', name: `Dr. ${d.firstName} ${d.lastName}` },
    ];
  }

  /** The thread, if the caller takes part in it; 404 otherwise (its existence is not revealed). */
  async threadFor(actor: UserPrincipal, threadId: string): Promise<ThreadDoc> {
    const thread = await this.store.threads.findOne({ _id: threadId, 'participants.userId': actor.userId });
    if (!thread) throw notFound('Thread');
    return thread;
  }

  /** For reading: participants, and staff too when the clinic allows it (STAFF_CAN_READ_THREADS). */
  async readableThread(actor: UserPrincipal, threadId: string): Promise<ThreadDoc> {
    if (this.policy.staffCanReadThreads && (actor.role === 'admin' || actor.role === 'receptionist')) {
      const thread = await this.store.threads.findOne({ _id: threadId });
      if (thread) return thread;
    }
    return this.threadFor(actor, threadId);
  }

  async list(actor: UserPrincipal) {
    // Unread counts and last messages written behind this node's sends are in before the read.
    await this.summaries.settled().catch(() => undefined);
    const rows = await this.store.threads
      .find({ 'participants.userId': actor.userId })
      .sort({ lastMessageAt: -1, _id: -1 })
      .limit(200)
      .toArray();
    return { threads: rows.map((t) => publicThread(t, actor.userId)) };
  }

  /** Newest first, `limit` at a time; `before` pages back, `after` catches up (oldest first). */
  async messages(actor: UserPrincipal, threadId: string, q: { limit: number; before?: string; after?: string }) {
    await this.readableThread(actor, threadId);
    if (q.after) {
      const rows = await this.store.messages
        .find({ threadId, _id: { $gt: q.after } })
        .sort({ _id: 1 })
        .limit(q.limit)
        .toArray();
      return { messages: rows.map(publicMessage), nextBefore: null };
    }
    const filter = q.before ? { threadId, _id: { $lt: q.before } } : { threadId };
    const rows = await this.store.messages.find(filter).sort({ _id: -1 }).limit(q.limit).toArray();
    return { messages: rows.map(publicMessage), nextBefore: rows.length === q.limit ? rows[rows.length - 1]!._id : null };
  }

  /**
   * Stores a message once per clientMessageId. Returns `created: false` with the first message
   * when it is a retry. Unread counts of the other participants grow by one. Refused (403) once the
   * thread's patient and doctor no longer have a care relationship.
   */
  async send(actor: UserPrincipal, threadId: string, input: SendInput) {
    const thread = await this.threadFor(actor, threadId);
    await this.assertWritable(thread);
    const result = await this.insertMessage(actor, thread, input);
    if (result.created) await this.summaries.add(thread, result.doc);
    return { message: result.message, created: result.created, thread };
  }

  /** Counts a stored message into its thread's summary (last message, unread counts). */
  summarise(thread: ThreadDoc, message: MessageDoc): Promise<void> {
    return this.summaries.add(thread, message);
  }

  /**
   * Stores a message once per clientMessageId, on a thread the caller has checked (participant,
   * writable): the socket path (socket.ts) does this on the thread it holds, with this one MongoDB
   * write before its ack, and counts the summary (`summarise`) after it.
   */
  async insertMessage(
    actor: UserPrincipal,
    thread: ThreadDoc,
    input: SendInput,
  ): Promise<{ message: PublicMessage; created: true; doc: MessageDoc } | { message: PublicMessage; created: false; doc?: undefined }> {
    const body = input.body.trim();
    if (!body) throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'A message needs some text');
    const message: MessageDoc = {
      _id: newId(),
      threadId: thread._id,
      senderId: actor.userId,
      clientMessageId: input.clientMessageId,
      body,
      attachments: input.attachments ?? [],
      createdAt: new Date(),
      readBy: {},
    };
    try {
      await this.store.messages.insertOne(message);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const first = await this.store.messages.findOne({ senderId: actor.userId, clientMessageId: input.clientMessageId });
      if (!first || first.threadId !== thread._id)
        throw new AppError(409, ErrorCode.CLIENT_MESSAGE_ID_REUSED, 'This clientMessageId belongs to another thread');
      return { message: publicMessage(first), created: false };
    }
    return { message: publicMessage(message), created: true, doc: message };
  }

  /**
   * Care team: the thread's doctor adds a staff login (a receptionist or an admin). They read and
   * write from then on, with their own unread count and read receipts.
   */
  async addParticipant(actor: UserPrincipal, threadId: string, userId: string) {
    const thread = await this.threadFor(actor, threadId);
    if (actor.role !== 'doctor' || actor.doctorId !== thread.doctorId) throw forbidden('Only the thread’s doctor adds people to it');
    const user = await findCurrentUser(this.db, userId);
    if (!user?.active) throw notFound('User');
    if (user.role !== 'receptionist' && user.role !== 'admin')
      throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'Only staff can join a care team');
    if (thread.participants.some((p) => p.userId === userId)) return publicThread(thread, actor.userId);
    if (thread.participants.length >= 10) throw new AppError(409, ErrorCode.CONFLICT, 'A thread has at most 10 participants');
    const participant: Participant = { userId, role: user.role, name: `${user.firstName} ${user.lastName}` };
    const updated = await this.store.threads.findOneAndUpdate(
      { _id: threadId, 'participants.userId': { $ne: userId } },
      { $push: { participants: participant }, $set: { [`unread.${userId}`]: 0 } },
      { returnDocument: 'after' },
    );
    return publicThread(updated ?? (await this.threadFor(actor, threadId)), actor.userId);
  }

  /**
   * Care team: the thread's doctor takes a staff member off it. They no longer read or write it;
   * the caller tells every node (runtime.changed), so a socket of theirs that had joined is refused too.
   */
  async removeParticipant(actor: UserPrincipal, threadId: string, userId: string) {
    const thread = await this.threadFor(actor, threadId);
    if (actor.role !== 'doctor' || actor.doctorId !== thread.doctorId) throw forbidden('Only the thread’s doctor changes its care team');
    const member = thread.participants.find((p) => p.userId === userId);
    if (!member) throw notFound('Participant');
    if (member.role !== 'receptionist' && member.role !== 'admin')
      throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'Only staff added to the care team can be taken off it');
    const updated = await this.store.threads.findOneAndUpdate(
      { _id: threadId },
      { $pull: { participants: { userId } }, $unset: { [`unread.${userId}`]: '' } },
      { returnDocument: 'after' },
    );
    return publicThread(updated ?? thread, actor.userId);
  }

  /** The sender changes a message's text; every earlier version is kept. Not once the care relationship has ended. */
  async edit(actor: UserPrincipal, threadId: string, messageId: string, body: string) {
    const text = body.trim();
    if (!text) throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'A message needs some text');
    const { message: current, thread } = await this.ownMessage(actor, threadId, messageId);
    await this.assertWritable(thread);
    if ((current.versions?.length ?? 0) >= MAX_VERSIONS)
      throw new AppError(409, ErrorCode.TOO_MANY_EDITS, `A message can be edited ${MAX_VERSIONS} times`);
    const now = new Date();
    const updated = await this.store.messages.findOneAndUpdate(
      { _id: messageId, deletedAt: null, body: current.body },
      { $set: { body: text, editedAt: now }, $push: { versions: { body: current.body, replacedAt: now } } },
      { returnDocument: 'after' },
    );
    if (!updated) throw new AppError(409, ErrorCode.CONFLICT, 'The message changed meanwhile; reload it');
    return publicMessage(updated);
  }

  /** The sender deletes a message: a tombstone stays, the text is kept but never shown again. */
  async remove(actor: UserPrincipal, threadId: string, messageId: string) {
    const { message: current } = await this.ownMessage(actor, threadId, messageId);
    const now = new Date();
    const updated = await this.store.messages.findOneAndUpdate(
      { _id: messageId, deletedAt: null },
      { $set: { deletedAt: now, body: '', attachments: [] }, $push: { versions: { body: current.body, replacedAt: now } } },
      { returnDocument: 'after' },
    );
    if (!updated) throw new AppError(409, ErrorCode.CONFLICT, 'The message is already deleted');
    return publicMessage(updated);
  }

  /** A message as the API shows it, if the caller sent it and may still change it (the audit "before" of an edit or delete). */
  async messageForChange(actor: UserPrincipal, threadId: string, messageId: string) {
    return publicMessage((await this.ownMessage(actor, threadId, messageId)).message);
  }

  /** A thread as the API shows it to a participant (the audit "before" of adding to the care team). */
  async threadAsSeenBy(actor: UserPrincipal, threadId: string) {
    return publicThread(await this.threadFor(actor, threadId), actor.userId);
  }

  private async ownMessage(actor: UserPrincipal, threadId: string, messageId: string): Promise<{ message: MessageDoc; thread: ThreadDoc }> {
    const thread = await this.threadFor(actor, threadId);
    const message = await this.store.messages.findOne({ _id: messageId, threadId });
    if (!message) throw notFound('Message');
    if (message.senderId !== actor.userId) throw forbidden('Only the sender can change a message');
    if (message.deletedAt) throw new AppError(409, ErrorCode.MESSAGE_DELETED, 'The message was deleted');
    return { message, thread };
  }

  /** Marks everything up to `messageId` read by the caller and clears their unread count. */
  async markRead(actor: UserPrincipal, threadId: string, messageId: string, held?: ThreadDoc) {
    // The socket path passes the thread it holds, having checked the actor takes part in it.
    if (!held) await this.threadFor(actor, threadId);
    const now = new Date();
    // This node's unread counts written behind its sends land before the reset, not after it.
    await Promise.all([
      this.store.messages.updateMany(
        { threadId, _id: { $lte: messageId }, senderId: { $ne: actor.userId }, [`readBy.${actor.userId}`]: { $exists: false } },
        { $set: { [`readBy.${actor.userId}`]: now } },
      ),
      this.summaries.settled().catch(() => undefined),
    ]);
    await this.store.threads.updateOne({ _id: threadId }, { $set: { [`unread.${actor.userId}`]: 0 } });
    return { threadId, userId: actor.userId, messageId, readAt: now.toISOString() };
  }
}
