// Record rows as the API carries them (schemas.ts): dates as ISO strings, who recorded each entry
// by name, and the medicines of signed prescriptions next to those taken elsewhere.
import type { Reader } from '../../../db/transactions.js';
import { statusAt } from '../prescriptions/present.js';
import type { StoredPrescription } from '../prescriptions/repository.js';
import { userNames } from '../users/repository.js';
import type { AllergyRow, ConditionRow, HistoryRow, MedicationRow } from './entries-repository.js';

type Recorded = { recordedBy: string | null; recordedAt: Date };

/** Every recorder's name in one query. */
export async function recorders(db: Reader, rows: readonly Recorded[]) {
  const names = await userNames(
    db,
    rows.flatMap((r) => (r.recordedBy ? [r.recordedBy] : [])),
  );
  return (r: Recorded) => ({
    recordedBy: r.recordedBy ? { id: r.recordedBy, name: names.get(r.recordedBy) ?? '' } : null,
    recordedAt: r.recordedAt.toISOString(),
  });
}
export type Recorders = Awaited<ReturnType<typeof recorders>>;

export const presentAllergy = (r: AllergyRow, by: Recorders) => ({
  id: r.id,
  patientId: r.patientId,
  substance: r.substance,
  reaction: r.reaction,
  severity: r.severity,
  status: r.status,
  ...by(r),
});

export const presentCondition = (r: ConditionRow, by: Recorders) => ({
  id: r.id,
  patientId: r.patientId,
  code: r.code,
  description: r.description,
  status: r.status,
  onset: r.onset,
  resolvedOn: r.resolvedOn,
  ...by(r),
});

export const presentHistory = (r: HistoryRow, by: Recorders) => ({
  id: r.id,
  patientId: r.patientId,
  kind: r.kind,
  description: r.description,
  relation: r.relation,
  occurredOn: r.occurredOn,
  status: r.status,
  ...by(r),
});

export const presentMedication = (r: MedicationRow) => ({
  id: r.id,
  patientId: r.patientId,
  source: 'elsewhere' as const,
  name: r.name,
  dose: r.dose,
  frequency: r.frequency,
  startedOn: r.startedOn,
  stoppedOn: r.stoppedOn,
  status: r.status,
  prescriptionId: null,
  medicationId: r.medicationId,
});

/** Prescription statuses whose medicines the patient is taking: signed, and not cancelled or expired. */
const CURRENT = new Set(['active', 'partially_dispensed', 'dispensed']);

/**
 * Each item of the patient's current prescriptions, as a medication of the record. The status is
 * taken as of `now` (statusAt): a prescription past its validity is expired at once, before the
 * expiry sweep has written it.
 */
export function prescribedMedications(prescriptions: readonly StoredPrescription[], now = new Date()) {
  return prescriptions
    .filter((p) => CURRENT.has(statusAt(p, now)))
    .flatMap((p) =>
      p.items.map((item) => ({
        id: item.id,
        patientId: p.patientId,
        source: 'prescription' as const,
        name: `${item.name} ${item.strength}`.trim(),
        dose: item.dose,
        frequency: item.frequency,
        startedOn: p.signedAt ? p.signedAt.toISOString().slice(0, 10) : null,
        stoppedOn: null,
        status: 'active' as const,
        prescriptionId: p.id,
        medicationId: item.medicationId,
      })),
    );
}
