// Writing clinical notes (SOAP and the fuller note). Only the treating doctor writes; every version
// is kept in its own document; the note's vitals follow its latest version into the vitals time
// series. Reading, with the privacy levels, is in reads.ts.
import type { Db } from 'mongodb';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { AppError, ErrorCode, forbidden, invalidField, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { findDoctorRow } from '../doctors/repository.js';
import { hasMeasure, upsertNoteVitals } from '../record/vitals-repository.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { findCurrentUser } from '../users/repository.js';
import type { Privacy } from './schemas.js';
import {
  type NoteDoc,
  type NoteInput,
  type NoteStore,
  namedReadersOf,
  noteStore,
  type PresentedNote,
  present,
  privacyOf,
  soapOf,
} from './store.js';

/** A saved note, and whether the save changed the patient's vitals series (the route announces both). */
export interface Saved {
  note: PresentedNote;
  vitalsChanged: boolean;
}

/** Who may be named on a highly sensitive note: people of the care team's roles (they must also be on it to read). */
const NAMEABLE_ROLES = new Set(['doctor', 'nurse']);

export class NotesService {
  private readonly store: NoteStore;

  constructor(
    private readonly db: Database,
    mongo: Db,
  ) {
    this.store = noteStore(mongo);
  }

  async create(actor: UserPrincipal, appointmentId: string, input: NoteInput): Promise<Saved> {
    const appointment = await loadAppointment(this.db, appointmentId);
    if (actor.role !== 'doctor' || actor.doctorId !== appointment.doctorId)
      throw forbidden('Only the treating doctor writes this visit’s note');
    const access = await this.accessOf(input, { privacy: 'standard', sharedWithUserIds: [] });
    await this.checkReferrals(input);
    const now = new Date();
    const note: NoteDoc = {
      _id: newId(),
      appointmentId,
      patientId: appointment.patientId,
      doctorId: appointment.doctorId,
      version: 1,
      final: Boolean(input.final),
      sharedWithPatient: Boolean(input.shareWithPatient),
      ...access,
      soap: soapOf(input),
      finalVersion: input.final ? 1 : null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.notes.insertOne(note);
    } catch (err) {
      if ((err as { code?: number }).code === 11000)
        throw new AppError(409, ErrorCode.NOTE_EXISTS, 'This visit has a note already: add a version with PUT /api/notes/:id');
      throw err;
    }
    await this.store.versions.insertOne({
      _id: newId(),
      noteId: note._id,
      version: 1,
      final: note.final,
      soap: note.soap,
      by: actor.userId,
      at: now,
      privacy: privacyOf(note),
      sharedWithUserIds: namedReadersOf(note),
    });
    return { note: present(note), vitalsChanged: await this.followVitals(actor, note) };
  }

  /**
   * A new version on top of `baseVersion`; the previous ones stay. The arbiter is the unique index
   * on (noteId, version) of note_versions: of two saves from the same base, however concurrent,
   * exactly one inserts version base+1 and the other gets VERSION_CONFLICT with the version that won.
   * The version documents are the truth, the note document a summary of the latest one: a save
   * that stopped between the two writes leaves a version the summary lacks, and the next save
   * (made against that version, since conflicts report it) brings the summary up to date.
   * Without a base (a client written before baseVersion) the save goes on top of the latest version;
   * losing the index race then only means trying again on top of the new latest (a few times).
   * Privacy and the named readers are the note's: a version that leaves them out keeps them.
   */
  async update(actor: UserPrincipal, noteId: string, input: NoteInput & { baseVersion?: number }, attempt = 1): Promise<Saved> {
    const current = await this.store.notes.findOne({ _id: noteId });
    if (!current) throw notFound('Note');
    // Not the author: as if there were no such note (its id cannot be probed by writing to it).
    if (actor.role !== 'doctor' || actor.doctorId !== current.doctorId) throw notFound('Note');
    const access = await this.accessOf(input, { privacy: privacyOf(current), sharedWithUserIds: namedReadersOf(current) });
    await this.checkReferrals(input);
    const latest = await this.latestVersionNumber(current);
    if (input.baseVersion !== undefined && input.baseVersion !== latest) throw await this.versionConflict(current);
    const version = latest + 1;
    const now = new Date();
    try {
      await this.store.versions.insertOne({
        _id: newId(),
        noteId,
        version,
        final: Boolean(input.final),
        soap: soapOf(input),
        by: actor.userId,
        at: now,
        privacy: access.privacy,
        sharedWithUserIds: access.sharedWithUserIds,
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      if (input.baseVersion === undefined && attempt < 3) return this.update(actor, noteId, input, attempt + 1);
      throw await this.versionConflict(current);
    }
    const summary = {
      version,
      final: Boolean(input.final),
      sharedWithPatient: input.shareWithPatient ?? current.sharedWithPatient,
      ...access,
      soap: soapOf(input),
      finalVersion: input.final ? version : current.finalVersion,
      updatedAt: now,
    };
    // Only forward: a summary already past this version (a later save won meanwhile) stays.
    await this.store.notes.updateOne({ _id: noteId, version: { $lt: version } }, { $set: summary });
    const saved = { ...current, ...summary };
    const hadVitals = hasMeasure(current.soap.objective.vitals ?? {});
    return { note: present(saved), vitalsChanged: (await this.followVitals(actor, saved)) || hadVitals };
  }

  /**
   * The privacy level and named readers a save leaves the note with: what it says, else what the
   * note had (a new note: standard, nobody). Named readers only on a highly sensitive note (a note
   * lowered from it drops its list); each must be a current doctor or nurse login.
   */
  private async accessOf(
    input: NoteInput,
    had: { privacy: Privacy; sharedWithUserIds: string[] },
  ): Promise<{ privacy: Privacy; sharedWithUserIds: string[] }> {
    const privacy = input.privacy ?? had.privacy;
    if (privacy !== 'highly_sensitive') {
      if (input.sharedWithUserIds?.length)
        throw invalidField('sharedWithUserIds', 'Name readers only on a highly sensitive note; the other levels follow the care team');
      return { privacy, sharedWithUserIds: [] };
    }
    const named = [...new Set(input.sharedWithUserIds ?? had.sharedWithUserIds)];
    const logins = await Promise.all(named.map((id) => findCurrentUser(this.db, id)));
    if (logins.some((u) => !(u?.active && NAMEABLE_ROLES.has(u.role))))
      throw invalidField('sharedWithUserIds', 'Name only doctors and nurses who can sign in');
    return { privacy, sharedWithUserIds: named };
  }

  /** A referral to a named doctor must name one who exists. */
  private async checkReferrals(input: NoteInput): Promise<void> {
    for (const referral of input.referrals ?? [])
      if (referral.toDoctorId && !(await findDoctorRow(this.db, referral.toDoctorId)))
        throw invalidField('referrals', 'A referral names a doctor who does not exist');
  }

  /**
   * Puts the vitals of the note's newest stored version into the vitals series (one row per note,
   * taken when the visit started, or at its start time, or now for a visit still ahead), or takes
   * the row out when that version has none. Reads the newest version rather than trusting this
   * save, so that racing saves leave the row of the version that won. Answers whether it has vitals.
   */
  private async followVitals(actor: UserPrincipal, note: NoteDoc): Promise<boolean> {
    const [newest] = await this.store.versions.find({ noteId: note._id }).sort({ version: -1 }).limit(1).toArray();
    const measures = (newest ?? note).soap.objective.vitals ?? {};
    const appointment = await loadAppointment(this.db, note.appointmentId);
    const now = new Date();
    const takenAt = appointment.startedAt ?? (appointment.startAt <= now ? appointment.startAt : now);
    const row = await upsertNoteVitals(this.db, note._id, {
      patientId: note.patientId,
      appointmentId: note.appointmentId,
      takenAt,
      measures,
      recordedBy: actor.userId,
    });
    return row !== null;
  }

  /** The newest stored version number (the versions collection may be one ahead of the summary). */
  private async latestVersionNumber(note: NoteDoc): Promise<number> {
    const [newest] = await this.store.versions.find({ noteId: note._id }).sort({ version: -1 }).limit(1).toArray();
    return Math.max(newest?.version ?? 0, note.version);
  }

  /** 409 VERSION_CONFLICT carrying the newest version as the doctor would read it (`latest`). */
  private async versionConflict(note: NoteDoc): Promise<AppError> {
    const fresh = (await this.store.notes.findOne({ _id: note._id })) ?? note;
    const [newest] = await this.store.versions.find({ noteId: note._id }).sort({ version: -1 }).limit(1).toArray();
    const latest =
      newest && newest.version > fresh.version
        ? { ...present(fresh, newest.soap, newest.version), final: newest.final, updatedAt: newest.at.toISOString() }
        : present(fresh);
    return new AppError(
      409,
      ErrorCode.VERSION_CONFLICT,
      `The note was saved meanwhile as version ${latest.version}; compare it, then reload it or save again on top of it`,
      { latest },
    );
  }
}
