// How notes are stored in MongoDB (collection notes: the latest state per visit; note_versions:
// every version) and how a stored note leaves the API. Notes written before the fuller note and
// privacy levels have neither `privacy` nor `sharedWithUserIds`: they read as standard, shared with nobody.
import type { Collection, Db } from 'mongodb';
import type { Privacy } from './schemas.js';

export interface SoapNote {
  subjective: string;
  objective: { text?: string; vitals?: Record<string, number> };
  assessment: { text?: string; diagnoses: { code: string; description: string }[] };
  plan: { text?: string; followUp?: { inDays?: number; notes?: string } };
  chiefComplaint?: string;
  historyOfPresentIllness?: string;
  reviewOfSystems?: { text?: string; systems?: { system: string; finding: 'normal' | 'abnormal' | 'not_reviewed'; note?: string }[] };
  physicalExam?: { text?: string; findings?: { area: string; finding: string; note?: string }[] };
  differentialDiagnosis?: { code?: string; description: string; likelihood?: 'likely' | 'possible' | 'unlikely' }[];
  referrals?: { specialty: string; reason?: string; urgency: 'routine' | 'urgent' | 'emergency'; toDoctorId?: string }[];
}

/** The parts of the fuller note, copied into every version when given. */
export const FULLER_PARTS = [
  'chiefComplaint',
  'historyOfPresentIllness',
  'reviewOfSystems',
  'physicalExam',
  'differentialDiagnosis',
  'referrals',
] as const;

export interface NoteDoc {
  _id: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  version: number;
  final: boolean;
  sharedWithPatient: boolean;
  /** Missing on notes written before privacy levels: standard. */
  privacy?: Privacy;
  /** Missing on notes written before privacy levels: nobody named. */
  sharedWithUserIds?: string[];
  soap: SoapNote;
  /** The latest version marked final, which is what a patient may read. */
  finalVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NoteVersionDoc {
  _id: string;
  noteId: string;
  version: number;
  final: boolean;
  soap: SoapNote;
  by: string;
  at: Date;
  /**
   * The privacy the version was written under (absent on versions written before privacy levels:
   * standard). A reader of the history gets only the versions their relation could read then, so
   * lowering a note's level never opens what was written under a higher one.
   */
  privacy?: Privacy;
  sharedWithUserIds?: string[];
}

export type NoteInput = SoapNote & {
  final?: boolean;
  shareWithPatient?: boolean;
  privacy?: Privacy;
  sharedWithUserIds?: string[];
};

export interface NoteStore {
  notes: Collection<NoteDoc>;
  versions: Collection<NoteVersionDoc>;
}

export const noteStore = (mongo: Db): NoteStore => ({
  notes: mongo.collection<NoteDoc>('notes'),
  versions: mongo.collection<NoteVersionDoc>('note_versions'),
});

export const privacyOf = (n: Pick<NoteDoc, 'privacy'>): Privacy => n.privacy ?? 'standard';
export const namedReadersOf = (n: Pick<NoteDoc, 'sharedWithUserIds'>): string[] => n.sharedWithUserIds ?? [];

export const present = (n: NoteDoc, soap: SoapNote = n.soap, version = n.version) => ({
  id: n._id,
  appointmentId: n.appointmentId,
  patientId: n.patientId,
  doctorId: n.doctorId,
  version,
  final: n.final,
  sharedWithPatient: n.sharedWithPatient,
  privacy: privacyOf(n),
  sharedWithUserIds: namedReadersOf(n),
  soap,
  updatedAt: n.updatedAt.toISOString(),
});
export type PresentedNote = ReturnType<typeof present>;

/** The SOAP of an input: the four parts, and those of the fuller note that were given. */
export function soapOf(input: NoteInput): SoapNote {
  const soap: SoapNote = { subjective: input.subjective, objective: input.objective, assessment: input.assessment, plan: input.plan };
  for (const part of FULLER_PARTS) if (input[part] !== undefined) Object.assign(soap, { [part]: input[part] });
  return soap;
}
