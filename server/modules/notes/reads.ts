// Reading notes: one note, a patient's or a visit's notes (with a text search), and a note's
// versions, each as the caller may read them (access.ts: the author, the care team by privacy
// level, staff with a reason, the patient's shared final versions). Every path asks the same rules.
import type { Db, Filter } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import { AppError, badRequest, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import {
  isAuthor,
  patientReads,
  privacyAllows,
  privacyFilter,
  type ReadContext,
  readerOf,
  refuseStaffEarly,
  type TeamRelation,
  teamRelationOf,
} from './access.js';
import { type NoteDoc, type NoteStore, type NoteVersionDoc, noteStore, type PresentedNote, present, type SoapNote } from './store.js';

const LIST_LIMIT = 100;

export interface NotesFilter {
  patientId?: string;
  appointmentId?: string;
  query?: string;
}

/** The words of a search as a case-insensitive literal pattern (nothing in them is a regex operator). */
const patternOf = (query: string) => new RegExp(query.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

/** Where a search looks: the chief complaint, the assessment's text and every diagnosis description. */
const SEARCHED = [
  'soap.chiefComplaint',
  'soap.assessment.text',
  'soap.assessment.diagnoses.description',
  'soap.differentialDiagnosis.description',
];

/** The same places in one version's SOAP (the patient's search runs over their final versions). */
function soapMatches(soap: SoapNote, pattern: RegExp): boolean {
  const texts = [
    soap.chiefComplaint,
    soap.assessment.text,
    ...soap.assessment.diagnoses.map((d) => d.description),
    ...(soap.differentialDiagnosis ?? []).map((d) => d.description),
  ];
  return texts.some((t) => typeof t === 'string' && pattern.test(t));
}

/** A note as its patient reads it: the shared final version, without the staff the author named. */
const forPatient = (note: NoteDoc, final: NoteVersionDoc): PresentedNote => ({
  ...present(note, final.soap, final.version),
  final: true,
  sharedWithUserIds: [],
});

export class NoteReads {
  private readonly store: NoteStore;

  constructor(
    private readonly db: Database,
    mongo: Db,
  ) {
    this.store = noteStore(mongo);
  }

  /** The note: the author and the care team the latest version, the patient the shared final one. */
  async read(actor: UserPrincipal, noteId: string, ctx: ReadContext): Promise<PresentedNote> {
    await refuseStaffEarly(this.db, actor, ctx);
    const note = await this.store.notes.findOne({ _id: noteId });
    if (!note) throw notFound('Note');
    if ((await readerOf(this.db, actor, note, ctx)) !== 'patient') return present(note);
    const final = await this.store.versions.findOne({ noteId, version: note.finalVersion as number });
    if (!final) throw notFound('Note');
    return forPatient(note, final);
  }

  /** Every version, for the author and the care team the note's privacy lets read it (never the patient: drafts). */
  async history(actor: UserPrincipal, noteId: string, ctx: ReadContext) {
    await refuseStaffEarly(this.db, actor, ctx);
    const note = await this.store.notes.findOne({ _id: noteId });
    if (!note || actor.role === 'patient') throw notFound('Note');
    const reader = await readerOf(this.db, actor, note, ctx);
    const rows = await this.store.versions.find({ noteId }).sort({ version: 1 }).toArray();
    // Each version as its own level allows (a note whose level was lowered keeps its earlier versions closed).
    const readable = reader === 'author' || reader === 'patient' ? rows : rows.filter((v) => privacyAllows(reader, actor.userId, v));
    return { versions: readable.map((v) => ({ version: v.version, final: v.final, soap: v.soap, by: v.by, at: v.at.toISOString() })) };
  }

  /**
   * Notes of a patient or a visit, newest first, optionally those matching `query`, as the caller
   * may read them: a doctor the notes they wrote, and with a care relationship the patient's notes
   * their privacy lets them read; a nurse or staff with a reason likewise (a patient or visit must be
   * named, and without a relation the answer is 403); the patient their own shared final versions.
   */
  async list(actor: UserPrincipal, filter: NotesFilter, ctx: ReadContext): Promise<{ notes: PresentedNote[] }> {
    await refuseStaffEarly(this.db, actor, ctx);
    const pattern = filter.query ? patternOf(filter.query) : null;
    const scope: Filter<NoteDoc> = {};
    if (filter.appointmentId) scope.appointmentId = filter.appointmentId;
    if (filter.patientId) scope.patientId = filter.patientId;
    if (actor.role === 'patient') return this.patientList(actor, scope, filter, pattern);

    const patientId = filter.patientId ?? (filter.appointmentId ? await this.patientOfVisit(filter.appointmentId) : null);
    if (filter.appointmentId && !patientId) return { notes: [] };
    const readable: Filter<NoteDoc>[] = [];
    if (actor.role === 'doctor' && actor.doctorId) readable.push({ doctorId: actor.doctorId });
    let relation: TeamRelation | null = null;
    if (patientId) {
      relation = await teamRelationOf(this.db, actor, patientId, ctx);
      if (relation) readable.push(privacyFilter(relation, actor.userId));
      else if (actor.role !== 'doctor') throw forbidden('Only the care team reads this patient’s notes');
    } else if (actor.role !== 'doctor') {
      throw badRequest('Give patientId or appointmentId: only doctors search across the notes they wrote');
    }
    const where: Filter<NoteDoc> = { ...scope, $or: readable };
    const rows = await this.store.notes
      .find(pattern ? { $and: [where, { $or: SEARCHED.map((path) => ({ [path]: pattern })) }] } : where)
      .sort({ updatedAt: -1 })
      .limit(LIST_LIMIT)
      .toArray();
    // The filter above says the same as these rules; asking them again keeps one wrong filter from leaking.
    const mayRead = (n: NoteDoc) =>
      isAuthor(actor, n) || (relation !== null && n.patientId === patientId && privacyAllows(relation, actor.userId, n));
    return { notes: rows.filter(mayRead).map((n) => present(n)) };
  }

  /** The patient's own notes that were shared, each as its latest final version; a search looks only there. */
  private async patientList(actor: UserPrincipal, scope: Filter<NoteDoc>, filter: NotesFilter, pattern: RegExp | null) {
    if (filter.patientId && filter.patientId !== actor.patientId) throw forbidden('Patients read their own notes');
    const rows = await this.store.notes
      .find({ ...scope, patientId: actor.patientId as string, sharedWithPatient: true, finalVersion: { $ne: null } })
      .sort({ updatedAt: -1 })
      .limit(LIST_LIMIT)
      .toArray();
    const finals = await Promise.all(rows.map((n) => this.store.versions.findOne({ noteId: n._id, version: n.finalVersion as number })));
    return {
      notes: rows.flatMap((n, i) => {
        const final = finals[i];
        if (!final || !patientReads(actor, n) || (pattern && !soapMatches(final.soap, pattern))) return [];
        return [forPatient(n, final)];
      }),
    };
  }

  private async patientOfVisit(appointmentId: string): Promise<string | null> {
    try {
      return (await loadAppointment(this.db, appointmentId)).patientId;
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  }
}
