// The fuller note's parts beyond SOAP (chief complaint, history of present illness, review of
// systems, physical exam, differential diagnosis, referrals) and its privacy, as the editor holds
// them (strings as typed) and as the API takes them. Empty parts are left out of the body, so a
// note that uses none of them is sent exactly as before.
import type { NoteExtras, NotePrivacy } from '../../../lib/contract';

type Finding = NonNullable<NonNullable<NoteExtras['reviewOfSystems']>['systems']>[number]['finding'];
type Likelihood = NonNullable<NonNullable<NoteExtras['differentialDiagnosis']>[number]['likelihood']>;
type Urgency = NonNullable<NoteExtras['referrals']>[number]['urgency'];

export interface MoreDraft {
  chiefComplaint: string;
  hpi: string;
  rosText: string;
  systems: { system: string; finding: Finding; note: string }[];
  examText: string;
  findings: { area: string; finding: string; note: string }[];
  differential: { code: string; description: string; likelihood: Likelihood | '' }[];
  referrals: { specialty: string; reason: string; urgency: Urgency }[];
  privacy: NotePrivacy;
  named: string[];
  /** The privacy the note was loaded with: a standard note stays without the field unless changed. */
  loadedPrivacy: NotePrivacy;
}

export const SYSTEMS = [
  'General',
  'Skin',
  'Eyes',
  'ENT',
  'Cardiovascular',
  'Respiratory',
  'Gastrointestinal',
  'Genitourinary',
  'Musculoskeletal',
  'Neurological',
  'Psychiatric',
];
export const FINDINGS: { value: Finding; label: string }[] = [
  { value: 'normal', label: 'Normal' },
  { value: 'abnormal', label: 'Abnormal' },
  { value: 'not_reviewed', label: 'Not reviewed' },
];
export const LIKELIHOODS: { value: Likelihood | ''; label: string }[] = [
  { value: '', label: 'Not said' },
  { value: 'likely', label: 'Likely' },
  { value: 'possible', label: 'Possible' },
  { value: 'unlikely', label: 'Unlikely' },
];
export const URGENCIES: { value: Urgency; label: string }[] = [
  { value: 'routine', label: 'Routine' },
  { value: 'urgent', label: 'Urgent' },
  { value: 'emergency', label: 'Emergency' },
];
export const PRIVACIES: { value: NotePrivacy; label: string; hint: string }[] = [
  { value: 'standard', label: 'Standard', hint: 'The care team reads it.' },
  { value: 'sensitive', label: 'Sensitive', hint: 'Doctors of the care team only, not nurses or staff.' },
  { value: 'highly_sensitive', label: 'Highly sensitive', hint: 'Only you and the people you name.' },
];

export const emptyMore = (): MoreDraft => ({
  chiefComplaint: '',
  hpi: '',
  rosText: '',
  systems: [],
  examText: '',
  findings: [],
  differential: [],
  referrals: [],
  privacy: 'standard',
  named: [],
  loadedPrivacy: 'standard',
});

/** The extra parts of a note or version as read: the parts are in its SOAP, privacy is the note's (a version has none). */
export function extrasOf(note: { soap: NoteExtras } & Partial<Pick<NoteExtras, 'privacy' | 'sharedWithUserIds'>>): NoteExtras {
  return { ...note.soap, privacy: note.privacy, sharedWithUserIds: note.sharedWithUserIds };
}

export function moreOf(x: NoteExtras): MoreDraft {
  const privacy = x.privacy ?? 'standard';
  return {
    chiefComplaint: x.chiefComplaint ?? '',
    hpi: x.historyOfPresentIllness ?? '',
    rosText: x.reviewOfSystems?.text ?? '',
    systems: (x.reviewOfSystems?.systems ?? []).map((s) => ({ ...s, note: s.note ?? '' })),
    examText: x.physicalExam?.text ?? '',
    findings: (x.physicalExam?.findings ?? []).map((f) => ({ ...f, note: f.note ?? '' })),
    differential: (x.differentialDiagnosis ?? []).map((d) => ({
      code: d.code ?? '',
      description: d.description,
      likelihood: d.likelihood ?? '',
    })),
    referrals: (x.referrals ?? []).map((r) => ({ specialty: r.specialty, reason: r.reason ?? '', urgency: r.urgency })),
    privacy,
    named: x.sharedWithUserIds ?? [],
    loadedPrivacy: privacy,
  };
}

const ICD10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;
const opt = (s: string) => (s.trim() ? s.trim() : undefined);

/** The extra parts of the API body, or a sentence saying what to fix. */
export function extrasFrom(m: MoreDraft): { extras: NoteExtras } | { problem: string } {
  const x: NoteExtras = {};
  if (m.chiefComplaint.trim()) x.chiefComplaint = m.chiefComplaint.trim();
  if (m.hpi.trim()) x.historyOfPresentIllness = m.hpi;
  const systems = m.systems
    .filter((s) => s.system)
    .map((s) => ({ system: s.system, finding: s.finding, ...(opt(s.note) ? { note: opt(s.note) } : {}) }));
  if (m.rosText.trim() || systems.length)
    x.reviewOfSystems = { ...(opt(m.rosText) ? { text: m.rosText } : {}), ...(systems.length ? { systems } : {}) };
  const findings = [];
  for (const f of m.findings) {
    if (!f.area.trim() && !f.finding.trim()) continue;
    if (!f.area.trim() || !f.finding.trim()) return { problem: 'Each examination finding needs both the area and what was found.' };
    findings.push({ area: f.area.trim(), finding: f.finding.trim(), ...(opt(f.note) ? { note: opt(f.note) } : {}) });
  }
  if (m.examText.trim() || findings.length)
    x.physicalExam = { ...(opt(m.examText) ? { text: m.examText } : {}), ...(findings.length ? { findings } : {}) };
  const differential = [];
  for (const d of m.differential) {
    const code = d.code.trim().toUpperCase();
    if (!code && !d.description.trim()) continue;
    if (code && !ICD10.test(code)) return { problem: `“${d.code}” is not an ICD-10 code. Codes look like J20.9.` };
    if (!d.description.trim()) return { problem: 'Each differential diagnosis needs a description.' };
    differential.push({
      ...(code ? { code } : {}),
      description: d.description.trim(),
      ...(d.likelihood ? { likelihood: d.likelihood } : {}),
    });
  }
  if (differential.length) x.differentialDiagnosis = differential;
  const referrals = [];
  for (const r of m.referrals) {
    if (!r.specialty.trim() && !r.reason.trim()) continue;
    if (!r.specialty.trim()) return { problem: 'Each referral needs the specialty it goes to.' };
    referrals.push({ specialty: r.specialty.trim(), urgency: r.urgency, ...(opt(r.reason) ? { reason: opt(r.reason) } : {}) });
  }
  if (referrals.length) x.referrals = referrals;
  if (m.privacy !== 'standard' || m.loadedPrivacy !== 'standard') x.privacy = m.privacy;
  if (m.privacy === 'highly_sensitive') x.sharedWithUserIds = m.named;
  else if (m.loadedPrivacy === 'highly_sensitive') x.sharedWithUserIds = [];
  return { extras: x };
}

/** An older version copied into the editor keeps the note's privacy as it is now (privacy belongs to the note). */
export const keepPrivacy = (copied: MoreDraft, now: MoreDraft): MoreDraft => ({
  ...copied,
  privacy: now.privacy,
  named: now.named,
  loadedPrivacy: now.loadedPrivacy,
});
