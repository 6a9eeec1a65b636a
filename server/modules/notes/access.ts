// Who reads a note, asked by every read path (one note, the list and its search, the versions).
// The relation to the patient comes from the record's rules (record/access.ts recordRelation); the
// note adds its privacy level on top:
// - the author (the doctor who wrote it) always reads it, whatever the level and however long ago;
// - standard: the care team (doctors with a care relationship, nurses of a location the patient
//   visits) and staff with a reason where STAFF_CAN_READ_RECORDS is on;
// - sensitive: the doctors of the care team;
// - highly_sensitive: the doctors and nurses of the care team the author named (sharedWithUserIds);
// - the patient: the latest final version, once shared, whatever the level.
// A refused read of a note that exists answers 404, as for a note that does not: note ids cannot be
// probed, not even for the existence of a highly sensitive note. Staff are told 403 (no flag) or
// 403 ACCESS_REASON_REQUIRED before any note is looked up, so that answer reveals nothing either.
import type { Filter } from 'mongodb';
import type { Reader } from '../../../db/transactions.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { type RecordAccessSettings, type RecordRelation, recordRelation } from '../record/access.js';
import { type NoteDoc, namedReadersOf, privacyOf } from './store.js';

/** A reader who is neither the author nor the patient: what the record's rules made of them. */
export type TeamRelation = Exclude<RecordRelation, 'patient'>;

export interface ReadContext {
  settings: RecordAccessSettings;
  /** The X-Access-Reason of the request (staff), or null. */
  reason: string | null;
}

export const isAuthor = (actor: UserPrincipal, note: Pick<NoteDoc, 'doctorId'>) =>
  actor.role === 'doctor' && actor.doctorId !== null && actor.doctorId === note.doctorId;

/** Whether the patient reads this note (their own, shared, with a final version): they get that version. */
export const patientReads = (actor: UserPrincipal, note: NoteDoc) =>
  actor.role === 'patient' && actor.patientId === note.patientId && note.sharedWithPatient && note.finalVersion !== null;

/** Whether a reader of this relation (not the author, not the patient) reads the note's privacy level. */
export function privacyAllows(relation: TeamRelation, userId: string, note: Pick<NoteDoc, 'privacy' | 'sharedWithUserIds'>): boolean {
  switch (privacyOf(note)) {
    case 'standard':
      return true;
    case 'sensitive':
      return relation === 'doctor';
    case 'highly_sensitive':
      return (relation === 'doctor' || relation === 'nurse') && namedReadersOf(note).includes(userId);
  }
}

/**
 * privacyAllows as a MongoDB filter, so that a list's limit counts only notes the reader may read
 * (the list checks privacyAllows on each answer as well). A missing privacy is standard: `$ne` and
 * `$nin` match notes without the field.
 */
export function privacyFilter(relation: TeamRelation, userId: string): Filter<NoteDoc> {
  switch (relation) {
    case 'doctor':
      return { $or: [{ privacy: { $ne: 'highly_sensitive' } }, { sharedWithUserIds: userId }] };
    case 'nurse':
      return {
        $or: [{ privacy: { $nin: ['sensitive', 'highly_sensitive'] } }, { privacy: 'highly_sensitive', sharedWithUserIds: userId }],
      };
    case 'staff':
      return { privacy: { $nin: ['sensitive', 'highly_sensitive'] } };
  }
}

/**
 * Refuses staff who may not read records at all (flag off: 403; no reason: 403
 * ACCESS_REASON_REQUIRED) before a note is looked up. Staff's relation does not depend on the
 * patient, so the record's rule is asked without one.
 */
export async function refuseStaffEarly(db: Reader, actor: UserPrincipal, ctx: ReadContext): Promise<void> {
  if (actor.role === 'admin' || actor.role === 'receptionist') await recordRelation(db, actor, '', ctx.settings, ctx.reason);
}

/** The caller's relation to the patient, or null where the record's rules refuse them (no care relationship). */
export async function teamRelationOf(db: Reader, actor: UserPrincipal, patientId: string, ctx: ReadContext): Promise<TeamRelation | null> {
  if (actor.role === 'patient') return null;
  try {
    const relation = await recordRelation(db, actor, patientId, ctx.settings, ctx.reason);
    return relation === 'patient' ? null : relation;
  } catch (err) {
    // The staff's own refusals (flag off, reason missing) are theirs to hear; a missing care relationship is not.
    if (err instanceof AppError && err.code === ErrorCode.ACCESS_REASON_REQUIRED) throw err;
    if (err instanceof AppError && (err.statusCode === 403 || err.statusCode === 404)) return null;
    throw err;
  }
}

/**
 * How the caller reads this note: 'author' and team relations read the latest version, 'patient'
 * the shared final one; anyone else gets 404 (see the top of this file).
 */
export async function readerOf(
  db: Reader,
  actor: UserPrincipal,
  note: NoteDoc,
  ctx: ReadContext,
): Promise<'author' | 'patient' | TeamRelation> {
  if (isAuthor(actor, note)) return 'author';
  if (actor.role === 'patient') {
    if (patientReads(actor, note)) return 'patient';
    throw notFound('Note');
  }
  const relation = await teamRelationOf(db, actor, note.patientId, ctx);
  if (relation && privacyAllows(relation, actor.userId, note)) return relation;
  throw notFound('Note');
}
