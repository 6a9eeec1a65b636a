// Clinical notes (SOAP) of a visit. Only the treating doctor writes; every version is kept in
// its own document; the patient reads the latest final version once the doctor shares it.
import type { Collection, Db } from 'mongodb';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { AppError, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';

export interface SoapNote {
  subjective: string;
  objective: { text?: string; vitals?: Record<string, number> };
  assessment: { text?: string; diagnoses: { code: string; description: string }[] };
  plan: { text?: string; followUp?: { inDays?: number; notes?: string } };
}

interface NoteDoc {
  _id: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  version: number;
  final: boolean;
  sharedWithPatient: boolean;
  soap: SoapNote;
  /** The latest version marked final, which is what a patient may read. */
  finalVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

interface NoteVersionDoc {
  _id: string;
  noteId: string;
  version: number;
  final: boolean;
  soap: SoapNote;
  by: string;
  at: Date;
}

type NoteInput = SoapNote & { final?: boolean; shareWithPatient?: boolean };

const present = (n: NoteDoc, soap: SoapNote = n.soap, version = n.version) => ({
  id: n._id,
  appointmentId: n.appointmentId,
  patientId: n.patientId,
  doctorId: n.doctorId,
  version,
  final: n.final,
  sharedWithPatient: n.sharedWithPatient,
  soap,
  updatedAt: n.updatedAt.toISOString(),
});

const soapOf = (input: NoteInput): SoapNote => ({
  subjective: input.subjective,
  objective: input.objective,
  assessment: input.assessment,
  plan: input.plan,
});

export class NotesService {
  private readonly notes: Collection<NoteDoc>;
  private readonly versions: Collection<NoteVersionDoc>;

  constructor(
    private readonly db: Database,
    mongo: Db,
  ) {
    this.notes = mongo.collection<NoteDoc>('notes');
    this.versions = mongo.collection<NoteVersionDoc>('note_versions');
  }

  /** The stored note as it is now (the audit log's "before" of an edit); no access check. */
  current(id: string) {
    return this.notes.findOne({ _id: id });
  }

  async create(actor: UserPrincipal, appointmentId: string, input: NoteInput) {
    const appointment = await loadAppointment(this.db, appointmentId);
    if (actor.role !== 'doctor' || actor.doctorId !== appointment.doctorId)
      throw forbidden('Only the treating doctor writes this visit’s note');
    const now = new Date();
    const note: NoteDoc = {
      _id: newId(),
      appointmentId,
      patientId: appointment.patientId,
      doctorId: appointment.doctorId,
      version: 1,
      final: Boolean(input.final),
      sharedWithPatient: Boolean(input.shareWithPatient),
      soap: soapOf(input),
      finalVersion: input.final ? 1 : null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.notes.insertOne(note);
    } catch (err) {
      if ((err as { code?: number }).code === 11000)
        throw new AppError(409, ErrorCode.NOTE_EXISTS, 'This visit has a note already: add a version with PUT /api/notes/:id');
      throw err;
    }
    await this.versions.insertOne({
      _id: newId(),
      noteId: note._id,
      version: 1,
      final: note.final,
      soap: note.soap,
      by: actor.userId,
      at: now,
    });
    return present(note);
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
   */
  async update(
    actor: UserPrincipal,
    noteId: string,
    input: NoteInput & { baseVersion?: number },
    attempt = 1,
  ): Promise<ReturnType<typeof present>> {
    const current = await this.notes.findOne({ _id: noteId });
    if (!current) throw notFound('Note');
    if (actor.role !== 'doctor' || actor.doctorId !== current.doctorId) throw forbidden('Only the treating doctor writes this note');
    const latest = await this.latestVersionNumber(current);
    if (input.baseVersion !== undefined && input.baseVersion !== latest) throw await this.versionConflict(current);
    const version = latest + 1;
    const now = new Date();
    try {
      await this.versions.insertOne({
        _id: newId(),
        noteId,
        version,
        final: Boolean(input.final),
        soap: soapOf(input),
        by: actor.userId,
        at: now,
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
      soap: soapOf(input),
      finalVersion: input.final ? version : current.finalVersion,
      updatedAt: now,
    };
    // Only forward: a summary already past this version (a later save won meanwhile) stays.
    await this.notes.updateOne({ _id: noteId, version: { $lt: version } }, { $set: summary });
    return present({ ...current, ...summary });
  }

  /** The newest stored version number (the versions collection may be one ahead of the summary). */
  private async latestVersionNumber(note: NoteDoc): Promise<number> {
    const [newest] = await this.versions.find({ noteId: note._id }).sort({ version: -1 }).limit(1).toArray();
    return Math.max(newest?.version ?? 0, note.version);
  }

  /** 409 VERSION_CONFLICT carrying the newest version as the doctor would read it (`latest`). */
  private async versionConflict(note: NoteDoc): Promise<AppError> {
    const fresh = (await this.notes.findOne({ _id: note._id })) ?? note;
    const [newest] = await this.versions.find({ noteId: note._id }).sort({ version: -1 }).limit(1).toArray();
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

  /** The doctor reads the latest version; the patient the latest final one, if shared. */
  async read(actor: UserPrincipal, noteId: string) {
    const note = await this.notes.findOne({ _id: noteId });
    if (!note) throw notFound('Note');
    if (actor.role === 'doctor' && actor.doctorId === note.doctorId) return present(note);
    if (actor.role === 'patient' && actor.patientId === note.patientId && note.sharedWithPatient && note.finalVersion) {
      const final = await this.versions.findOne({ noteId, version: note.finalVersion });
      if (final) return { ...present(note, final.soap, final.version), final: true };
    }
    throw notFound('Note');
  }

  /**
   * A patient's notes, newest first, as the caller may read them: a doctor the notes they wrote
   * for that patient (latest versions), the patient their own shared final versions.
   */
  async list(actor: UserPrincipal, filter: { patientId?: string; appointmentId?: string }) {
    const query: Record<string, unknown> = {};
    if (filter.appointmentId) query.appointmentId = filter.appointmentId;
    if (filter.patientId) query.patientId = filter.patientId;
    if (actor.role === 'doctor' && actor.doctorId) {
      const rows = await this.notes
        .find({ ...query, doctorId: actor.doctorId })
        .sort({ updatedAt: -1 })
        .limit(100)
        .toArray();
      return { notes: rows.map((n) => present(n)) };
    }
    if (actor.role === 'patient' && actor.patientId) {
      if (filter.patientId && filter.patientId !== actor.patientId) throw forbidden('Patients read their own notes');
      const rows = await this.notes
        .find({ ...query, patientId: actor.patientId, sharedWithPatient: true, finalVersion: { $ne: null } })
        .sort({ updatedAt: -1 })
        .limit(100)
        .toArray();
      const finals = await Promise.all(rows.map((n) => this.versions.findOne({ noteId: n._id, version: n.finalVersion as number })));
      return {
        notes: rows.flatMap((n, i) => {
          const final = finals[i];
          return final ? [{ ...present(n, final.soap, final.version), final: true }] : [];
        }),
      };
    }
    throw forbidden('Only doctors and patients read notes');
  }

  async history(actor: UserPrincipal, noteId: string) {
    const note = await this.notes.findOne({ _id: noteId });
    if (!note || actor.role !== 'doctor' || actor.doctorId !== note.doctorId) throw notFound('Note');
    const rows = await this.versions.find({ noteId }).sort({ version: 1 }).toArray();
    return { versions: rows.map((v) => ({ version: v.version, final: v.final, soap: v.soap, by: v.by, at: v.at.toISOString() })) };
  }
}
