// The structured record's rules: who reads it (access.ts), who writes which part (the care team;
// conditions, the problem list, doctors only), and what makes an entry consistent (no dates in the
// future, nothing resolved or stopped before it began). Entries are corrected, never deleted.
// Vitals are in vitals-service.ts.
import type { Static, TSchema } from 'typebox';
import type { Database } from '../../../db/mysql.js';
import { forbidden, invalidField, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { ChartPart } from '../live/events.js';
import { medicationsByIds } from '../medications/repository.js';
import { assertPatientExists } from '../patients/repository.js';
import { listPrescriptions } from '../prescriptions/repository.js';
import { type RecordAccessSettings, type RecordRelation, recordRelation } from './access.js';
import * as entries from './entries-repository.js';
import { prescribedMedications, presentAllergy, presentCondition, presentHistory, presentMedication, recorders } from './present.js';
import type {
  AllergyBody,
  AllergyPatch,
  ConditionBody,
  ConditionPatch,
  HistoryBody,
  HistoryPatch,
  MedicationBody,
  MedicationPatch,
} from './schemas.js';
import { vitalsOf } from './vitals-repository.js';

type B<T extends TSchema> = Static<T>;

/** How many sets of vitals the record carries (the plot reads the series itself). */
const RECORD_VITALS = 20;
/** How many prescriptions the record reads for current medicines (a patient has far fewer current ones). */
const PRESCRIPTIONS_READ = 200;

/** Today (UTC) as YYYY-MM-DD, with a day's grace so a date entered east of UTC is not refused. */
const latestDate = (now = new Date()) => new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);

function notFuture(field: string, date: string | null | undefined) {
  if (date && date > latestDate()) throw invalidField(field, 'must not be in the future');
}
function notBefore(field: string, date: string | null | undefined, start: string | null | undefined, startField: string) {
  if (date && start && date < start) throw invalidField(field, `must not be before ${startField}`);
}

export class RecordService {
  constructor(
    private readonly db: Database,
    private readonly settings: RecordAccessSettings,
  ) {}

  /** The caller's relation to an existing patient's record (404 for an unknown patient). */
  async relation(actor: UserPrincipal, patientId: string, reason: string | null): Promise<RecordRelation> {
    await assertPatientExists(this.db, patientId);
    return recordRelation(this.db, actor, patientId, this.settings, reason);
  }

  /** The care team writes the record: doctors every part, nurses all but conditions (a diagnosis is a doctor's). */
  async assertWriter(actor: UserPrincipal, patientId: string, part: ChartPart): Promise<void> {
    const relation = await this.relation(actor, patientId, null);
    if (relation === 'doctor') return;
    if (relation === 'nurse' && part !== 'conditions') return;
    throw forbidden(relation === 'nurse' ? 'Conditions are recorded by doctors' : 'Only the care team writes the record');
  }

  async record(actor: UserPrincipal, patientId: string, reason: string | null) {
    await this.relation(actor, patientId, reason);
    const [allergies, conditions, outside, history, prescriptions, vitals] = await Promise.all([
      entries.allergiesOf(this.db, patientId),
      entries.conditionsOf(this.db, patientId),
      entries.medicationsOf(this.db, patientId),
      entries.historyOf(this.db, patientId),
      listPrescriptions(this.db, { patientId, signedOnly: true, limit: PRESCRIPTIONS_READ }),
      vitalsOf(this.db, patientId, { limit: RECORD_VITALS, order: 'newest' }),
    ]);
    const by = await recorders(this.db, [...allergies, ...conditions, ...history]);
    const h = history.map((r) => presentHistory(r, by));
    return {
      patientId,
      allergies: allergies.map((r) => presentAllergy(r, by)),
      conditions: conditions.map((r) => presentCondition(r, by)),
      medications: [...prescribedMedications(prescriptions), ...outside.map(presentMedication)],
      history: {
        surgical: h.filter((e) => e.kind === 'surgical'),
        family: h.filter((e) => e.kind === 'family'),
        social: h.filter((e) => e.kind === 'social'),
      },
      vitals,
    };
  }

  // ── Allergies ───────────────────────────────────────────────────────────────────────────────

  async addAllergy(actor: UserPrincipal, patientId: string, body: B<typeof AllergyBody>) {
    await this.assertWriter(actor, patientId, 'allergies');
    const id = await entries.insertAllergy(this.db, {
      patientId,
      substance: body.substance.trim(),
      reaction: body.reaction?.trim() ?? null,
      severity: body.severity,
      status: 'active',
      recordedBy: actor.userId,
      recordedAt: new Date(),
    });
    return this.allergyById(id);
  }

  /** An allergy as the care team reads it (the audit's "before" of a change). */
  async allergy(actor: UserPrincipal, id: string) {
    const row = await entries.findAllergy(this.db, id);
    if (!row) throw notFound('Allergy');
    await this.assertWriter(actor, row.patientId, 'allergies');
    return this.allergyById(id);
  }

  async changeAllergy(actor: UserPrincipal, id: string, body: B<typeof AllergyPatch>) {
    const before = await this.allergy(actor, id);
    await entries.updateAllergy(this.db, id, {
      ...(body.reaction !== undefined ? { reaction: body.reaction?.trim() ?? null } : {}),
      ...(body.severity ? { severity: body.severity } : {}),
      ...(body.status ? { status: body.status } : {}),
    });
    return { patientId: before.patientId, entry: await this.allergyById(id) };
  }

  private async allergyById(id: string) {
    const row = (await entries.findAllergy(this.db, id))!;
    return presentAllergy(row, await recorders(this.db, [row]));
  }

  // ── Conditions (doctors) ────────────────────────────────────────────────────────────────────

  async addCondition(actor: UserPrincipal, patientId: string, body: B<typeof ConditionBody>) {
    await this.assertWriter(actor, patientId, 'conditions');
    checkCondition(body.status, body.onset ?? null, body.resolvedOn ?? null);
    const id = await entries.insertCondition(this.db, {
      patientId,
      code: body.code ?? null,
      description: body.description.trim(),
      status: body.status,
      onset: body.onset ?? null,
      resolvedOn: body.resolvedOn ?? null,
      recordedBy: actor.userId,
      recordedAt: new Date(),
    });
    return this.conditionById(id);
  }

  async condition(actor: UserPrincipal, id: string) {
    const row = await entries.findCondition(this.db, id);
    if (!row) throw notFound('Condition');
    await this.assertWriter(actor, row.patientId, 'conditions');
    return this.conditionById(id);
  }

  async changeCondition(actor: UserPrincipal, id: string, body: B<typeof ConditionPatch>) {
    const before = await this.condition(actor, id);
    const status = body.status ?? before.status;
    const resolvedOn = body.resolvedOn !== undefined ? body.resolvedOn : before.resolvedOn;
    if (status !== 'entered_in_error') checkCondition(status, before.onset, resolvedOn);
    await entries.updateCondition(this.db, id, {
      status,
      resolvedOn,
      ...(body.description ? { description: body.description.trim() } : {}),
      ...(body.code !== undefined ? { code: body.code } : {}),
    });
    return { patientId: before.patientId, entry: await this.conditionById(id) };
  }

  private async conditionById(id: string) {
    const row = (await entries.findCondition(this.db, id))!;
    return presentCondition(row, await recorders(this.db, [row]));
  }

  // ── Medications taken elsewhere ─────────────────────────────────────────────────────────────

  async addMedication(actor: UserPrincipal, patientId: string, body: B<typeof MedicationBody>) {
    await this.assertWriter(actor, patientId, 'medications');
    notFuture('startedOn', body.startedOn);
    if (body.medicationId && !(await medicationsByIds(this.db, [body.medicationId])).length)
      throw invalidField('medicationId', 'is not in the medication catalogue');
    const id = await entries.insertMedication(this.db, {
      patientId,
      medicationId: body.medicationId ?? null,
      name: body.name.trim(),
      dose: body.dose?.trim() ?? null,
      frequency: body.frequency?.trim() ?? null,
      startedOn: body.startedOn ?? null,
      stoppedOn: null,
      status: 'active',
      recordedBy: actor.userId,
      recordedAt: new Date(),
    });
    return presentMedication((await entries.findMedication(this.db, id))!);
  }

  async medication(actor: UserPrincipal, id: string) {
    const row = await entries.findMedication(this.db, id);
    if (!row) throw notFound('Medication');
    await this.assertWriter(actor, row.patientId, 'medications');
    return presentMedication(row);
  }

  /** Stopping a medicine (a stoppedOn without a status) makes it inactive. */
  async changeMedication(actor: UserPrincipal, id: string, body: B<typeof MedicationPatch>) {
    const before = await this.medication(actor, id);
    notFuture('stoppedOn', body.stoppedOn);
    notBefore('stoppedOn', body.stoppedOn, before.startedOn, 'startedOn');
    const status = body.status ?? (body.stoppedOn ? 'inactive' : undefined);
    await entries.updateMedication(this.db, id, {
      ...(body.stoppedOn !== undefined ? { stoppedOn: body.stoppedOn } : {}),
      ...(status ? { status } : {}),
    });
    return { patientId: before.patientId, entry: presentMedication((await entries.findMedication(this.db, id))!) };
  }

  // ── Surgical, family and social history ─────────────────────────────────────────────────────

  async addHistory(actor: UserPrincipal, patientId: string, body: B<typeof HistoryBody>) {
    await this.assertWriter(actor, patientId, 'history');
    notFuture('occurredOn', body.occurredOn);
    if (body.relation && body.kind !== 'family') throw invalidField('relation', 'is for family history only');
    const id = await entries.insertHistory(this.db, {
      patientId,
      kind: body.kind,
      description: body.description.trim(),
      relation: body.relation?.trim() ?? null,
      occurredOn: body.occurredOn ?? null,
      status: 'active',
      recordedBy: actor.userId,
      recordedAt: new Date(),
    });
    return this.historyById(id);
  }

  async history(actor: UserPrincipal, id: string) {
    const row = await entries.findHistory(this.db, id);
    if (!row) throw notFound('History entry');
    await this.assertWriter(actor, row.patientId, 'history');
    return this.historyById(id);
  }

  async changeHistory(actor: UserPrincipal, id: string, body: B<typeof HistoryPatch>) {
    const before = await this.history(actor, id);
    await entries.updateHistory(this.db, id, { status: body.status });
    return { patientId: before.patientId, entry: await this.historyById(id) };
  }

  private async historyById(id: string) {
    const row = (await entries.findHistory(this.db, id))!;
    return presentHistory(row, await recorders(this.db, [row]));
  }
}

/** A condition's dates: none in the future, a resolution only for a resolved one and not before its onset. */
function checkCondition(status: string, onset: string | null, resolvedOn: string | null) {
  notFuture('onset', onset);
  notFuture('resolvedOn', resolvedOn);
  if (resolvedOn && status !== 'resolved') throw invalidField('resolvedOn', 'is only for a resolved condition');
  notBefore('resolvedOn', resolvedOn, onset, 'onset');
}
