// Prescriptions: the treating doctor writes a draft for a visit, edits it, signs it (then it never
// changes: corrections are cancel-and-reissue, linked both ways), or cancels it. Signing freezes the
// patient, doctor and clinic as they are then and signs the canonical content with Ed25519.
import { DateTime } from 'luxon';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import type { PrescriptionSnapshots, PrescriptionStatus } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { prescriberFacts } from '../doctors/repository.js';
import { doctorDisplayName } from '../doctors/service.js';
import { getLocation } from '../locations/repository.js';
import { medicationsByIds } from '../medications/repository.js';
import { appendEvent } from '../outbox/repository.js';
import { patientForPrescribing } from '../patients/repository.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { locationsOfUser } from '../users/repository.js';
import { assertCanRead, assertPrescriber } from './access.js';
import { eventPayload } from './events.js';
import { canonicalOf, presentPrescription, snapshotsOf, verificationOf } from './present.js';
import {
  activeWithGenerics,
  DISPENSABLE,
  findByNumber,
  insertPrescription,
  listPrescriptions,
  loadPrescription,
  nextPrescriptionNumber,
  type PrescriptionFilter,
  replaceDraft,
  type StoredPrescription,
  updatePrescription,
} from './repository.js';
import type { PrescriptionSigner } from './signing.js';
import { checkAllergies, drawingOf, type PrescriptionInput, resolveItems } from './writing.js';

/** A visit a prescription may be written for: the patient has arrived, or the visit is done. */
const PRESCRIBABLE_VISITS = ['checked_in', 'called', 'in_progress', 'completed'];
const DEFAULT_VALID_DAYS = 30;
const NUMBER = /^RX-\d{4}-\d{6}$/;

export interface PrescriptionsDeps {
  db: Database;
  signer: PrescriptionSigner;
  publicUrl: string;
  careRelationshipDays: number;
}

/** 409 naming why a prescription in this status cannot be changed. */
export function notChangeable(p: { status: PrescriptionStatus }): AppError {
  if (p.status === 'draft') return new AppError(409, ErrorCode.CONFLICT, 'The draft was changed meanwhile; reload it and try again');
  if (p.status === 'cancelled' || p.status === 'expired')
    return new AppError(409, ErrorCode.PRESCRIPTION_NOT_ACTIVE, `The prescription is ${p.status}`, { status: p.status });
  return new AppError(409, ErrorCode.PRESCRIPTION_SIGNED, 'A signed prescription cannot change: cancel it and reissue a corrected one', {
    status: p.status,
  });
}

export class PrescriptionsService {
  constructor(private readonly deps: PrescriptionsDeps) {}

  private get db() {
    return this.deps.db;
  }

  present(p: StoredPrescription) {
    return presentPrescription(p, this.deps.publicUrl);
  }

  /** The people and clinic on the script; written with the draft, frozen again at signing. */
  private async snapshots(patientId: string, doctorId: string, locationId: string): Promise<PrescriptionSnapshots> {
    const [patient, doctor, location] = await Promise.all([
      patientForPrescribing(this.db, patientId),
      prescriberFacts(this.db, doctorId),
      getLocation(this.db, locationId),
    ]);
    return {
      patient: { name: `${patient.firstName} ${patient.lastName}`, dateOfBirth: patient.dateOfBirth },
      doctor: { name: doctorDisplayName(doctor!), licenseNumber: doctor!.licenseNumber, specialization: doctor!.specialization },
      clinic: { name: location.name, address: location.address, phone: location.phone, timeZone: location.timezone },
    };
  }

  /** The response of a write: the prescription, and a DUPLICATE_THERAPY warning per generic already active for the patient. */
  private async withWarnings(id: string) {
    const p = await loadPrescription(this.db, id);
    const generics = [...new Set(p.items.map((i) => i.genericName))];
    const others = await activeWithGenerics(this.db, p.patientId, generics, p.id);
    const warnings = others.map((o) => ({
      code: 'DUPLICATE_THERAPY' as const,
      message: `The patient has an active prescription of ${o.genericName} already (${o.number})`,
      genericName: o.genericName,
      prescriptionId: o.id,
      number: o.number,
    }));
    return { ...this.present(p), ...(warnings.length ? { warnings } : {}) };
  }

  private async checkedContent(patientId: string, input: PrescriptionInput) {
    const { items, medications } = await resolveItems(this.db, input);
    const patient = await patientForPrescribing(this.db, patientId);
    const allergyOverrideReason = checkAllergies(patient.allergies, items, medications, input.allergyOverrideReason);
    return {
      items,
      fields: {
        refills: input.refills ?? 0,
        validDays: input.validDays ?? DEFAULT_VALID_DAYS,
        allergyOverrideReason,
        diagnosis: input.diagnosis?.trim() || null,
        advice: input.advice?.trim() || null,
        testsOrdered: input.testsOrdered ?? [],
        drawingPng: drawingOf(input.drawing),
      },
    };
  }

  async create(actor: UserPrincipal, appointmentId: string, input: PrescriptionInput) {
    const visit = await loadAppointment(this.db, appointmentId);
    assertPrescriber(actor, visit);
    if (!PRESCRIBABLE_VISITS.includes(visit.status))
      throw new AppError(
        409,
        ErrorCode.VISIT_NOT_PRESCRIBABLE,
        `A prescription needs a visit that has started or is done; this one is ${visit.status}`,
        {
          status: visit.status,
        },
      );
    const { items, fields } = await this.checkedContent(visit.patientId, input);
    const snapshots = await this.snapshots(visit.patientId, visit.doctorId, visit.locationId);
    const id = newId();
    const year = DateTime.now().setZone(snapshots.clinic.timeZone).year;
    await transactionWithRetry(this.db, async (tx) => {
      const number = await nextPrescriptionNumber(tx, year);
      const row = { id, number, appointmentId, patientId: visit.patientId, doctorId: visit.doctorId, locationId: visit.locationId };
      await insertPrescription(tx, { ...row, ...fields, status: 'draft', snapshots }, items);
    });
    return this.withWarnings(id);
  }

  async update(actor: UserPrincipal, id: string, input: PrescriptionInput & { baseVersion?: number }) {
    const current = await loadPrescription(this.db, id);
    assertPrescriber(actor, current);
    if (current.status !== 'draft') throw notChangeable(current);
    const { items, fields } = await this.checkedContent(current.patientId, input);
    // The sketch is not sent back to clients: an edit without `drawing` keeps it, `null` removes it.
    if (input.drawing === undefined) fields.drawingPng = current.drawingPng;
    const base = input.baseVersion ?? current.version;
    const saved = await transactionWithRetry(this.db, (tx) => replaceDraft(tx, id, base, fields, items));
    if (!saved) throw notChangeable(await loadPrescription(this.db, id));
    return this.withWarnings(id);
  }

  async sign(actor: UserPrincipal, id: string, baseVersion?: number, signer: PrescriptionSigner = this.deps.signer) {
    const current = await loadPrescription(this.db, id);
    assertPrescriber(actor, current);
    if (current.status !== 'draft') throw notChangeable(current);
    if (baseVersion !== undefined && baseVersion !== current.version) throw notChangeable(current);
    // Allergies recorded since the draft was written count too.
    const patient = await patientForPrescribing(this.db, current.patientId);
    const medications = await medicationsByIds(this.db, [...new Set(current.items.map((i) => i.medicationId))]);
    checkAllergies(patient.allergies, current.items, medications, current.allergyOverrideReason);

    const snapshots = await this.snapshots(current.patientId, current.doctorId, current.locationId);
    const signedAt = new Date();
    const validUntil = new Date(signedAt.getTime() + current.validDays * 86_400_000);
    const signature = signer.sign(canonicalOf({ ...current, snapshots }, signedAt, validUntil));
    const signed = await transactionWithRetry(this.db, async (tx) => {
      const changes = {
        status: 'active' as const,
        snapshots,
        signedAt,
        validUntil,
        signature,
        signingKeyId: signer.keyId,
        fillsRemaining: 1 + current.refills,
      };
      // Only the version that was signed: an edit from another tab meanwhile makes this a conflict.
      if (!(await updatePrescription(tx, id, ['draft'], changes, current.version))) return false;
      await appendEvent(tx, {
        type: 'prescription.signed',
        aggregateType: 'prescription',
        aggregateId: id,
        payload: eventPayload(current),
      });
      return true;
    });
    if (!signed) throw notChangeable(await loadPrescription(this.db, id));
    return this.withWarnings(id);
  }

  async cancel(actor: UserPrincipal, id: string, reason: string) {
    const current = await loadPrescription(this.db, id);
    assertPrescriber(actor, current);
    const from: PrescriptionStatus[] = ['draft', ...DISPENSABLE];
    if (!from.includes(current.status)) throw notChangeable(current);
    const done = await transactionWithRetry(this.db, async (tx) => {
      const changes = { status: 'cancelled' as const, cancelledAt: new Date(), cancelledBy: actor.userId, cancelReason: reason.trim() };
      if (!(await updatePrescription(tx, id, from, changes))) return false;
      await appendEvent(tx, {
        type: 'prescription.cancelled',
        aggregateType: 'prescription',
        aggregateId: id,
        payload: eventPayload(current),
      });
      return true;
    });
    if (!done) throw notChangeable(await loadPrescription(this.db, id));
    return this.present(await loadPrescription(this.db, id));
  }

  /** Cancels a signed, undispensed prescription and opens a corrected draft copy of it, linked both ways. */
  async reissue(actor: UserPrincipal, id: string, reason: string) {
    const current = await loadPrescription(this.db, id);
    assertPrescriber(actor, current);
    if (current.status !== 'active' || current.items.some((i) => i.dispensedQuantity > 0))
      throw new AppError(
        409,
        ErrorCode.PRESCRIPTION_NOT_ACTIVE,
        current.status === 'draft'
          ? 'A draft is corrected by editing it'
          : 'Only a signed prescription nothing was dispensed from can be reissued',
        { status: current.status },
      );
    const newIdValue = newId();
    const year = DateTime.now().setZone(snapshotsOf(current).clinic.timeZone).year;
    const done = await transactionWithRetry(this.db, async (tx) => {
      // Under the row's lock: a fill handed out meanwhile (or earlier, with its items reset for the
      // next fill) means the copy would give the patient more fills than were authorised.
      const locked = await loadPrescription(tx, id, { forUpdate: true });
      if (locked.fillsRemaining < 1 + locked.refills || locked.items.some((i) => i.dispensedQuantity > 0))
        throw new AppError(
          409,
          ErrorCode.PRESCRIPTION_NOT_ACTIVE,
          'Something was dispensed from it: cancel it and write a new prescription',
          {
            status: locked.status,
          },
        );
      const cancelled = { status: 'cancelled' as const, cancelledAt: new Date(), cancelledBy: actor.userId, cancelReason: reason.trim() };
      if (!(await updatePrescription(tx, id, ['active'], { ...cancelled, replacedById: newIdValue }))) return false;
      await appendEvent(tx, {
        type: 'prescription.cancelled',
        aggregateType: 'prescription',
        aggregateId: id,
        payload: eventPayload(current),
      });
      const number = await nextPrescriptionNumber(tx, year);
      const { id: _, items, number: __, createdAt: ___, updatedAt: ____, ...copy } = current;
      await insertPrescription(
        tx,
        {
          ...copy,
          id: newIdValue,
          number,
          status: 'draft',
          version: 1,
          fillsRemaining: 0,
          signedAt: null,
          validUntil: null,
          signature: null,
          signingKeyId: null,
          cancelledAt: null,
          cancelledBy: null,
          cancelReason: null,
          replacesId: id,
          replacedById: null,
        },
        items.map(({ id: _i, prescriptionId: _p, position: _pos, dispensedQuantity: _d, ...item }) => item),
      );
      return true;
    });
    if (!done) throw notChangeable(await loadPrescription(this.db, id));
    return this.withWarnings(newIdValue);
  }

  /** The prescription as `actor` may see it; no access check when `actor` is null (the audit log's "before"). */
  async read(actor: UserPrincipal | null, id: string): Promise<StoredPrescription> {
    const p = await loadPrescription(this.db, id);
    if (actor) await assertCanRead(this.db, actor, p, this.deps.careRelationshipDays);
    return p;
  }

  async list(
    actor: UserPrincipal,
    q: { patientId?: string; appointmentId?: string; status?: PrescriptionStatus; locationId?: string; limit?: number },
  ) {
    const filter: PrescriptionFilter = { ...q, limit: q.limit ?? 50 };
    if (actor.role === 'patient') {
      if (q.patientId && q.patientId !== actor.patientId)
        throw new AppError(403, ErrorCode.FORBIDDEN, 'A patient sees their own prescriptions');
      Object.assign(filter, { patientId: actor.patientId ?? '-', signedOnly: true });
    } else if (actor.role === 'doctor') {
      if (q.patientId) {
        // The patient's whole list needs the same care relationship as reading their record.
        await assertCanRead(
          this.db,
          actor,
          { status: 'active', patientId: q.patientId, doctorId: '-', locationId: '-' },
          this.deps.careRelationshipDays,
        );
        filter.draftsOf = actor.doctorId ?? '-';
      } else filter.doctorId = actor.doctorId ?? '-';
    } else if (actor.role === 'pharmacist') {
      // Their own locations' only (one of them when locationId is given).
      const mine = await locationsOfUser(this.db, actor.userId);
      if (q.locationId && !mine.includes(q.locationId)) throw new AppError(403, ErrorCode.FORBIDDEN, 'Another location’s prescriptions');
      Object.assign(filter, { signedOnly: true, locationIds: q.locationId ? [q.locationId] : mine });
    } else throw new AppError(403, ErrorCode.FORBIDDEN, 'Prescriptions are for prescribers, pharmacists and their patients');
    const rows = await listPrescriptions(this.db, filter);
    return { prescriptions: rows.map((p) => this.present(p)) };
  }

  /** The public check of a printed script: valid only for the real signature over unchanged content. */
  async verify(number: string, signature: string | undefined, signer: PrescriptionSigner = this.deps.signer) {
    const invalid = { verification: { valid: false }, prescriptionId: null, timeZone: 'UTC' };
    if (!NUMBER.test(number) || !signature) return invalid;
    const p = await findByNumber(this.db, number);
    if (!p?.signedAt || !p.validUntil || !p.signingKeyId) return { ...invalid, prescriptionId: p?.id ?? null };
    const valid = signer.verify(canonicalOf(p, p.signedAt, p.validUntil), signature, p.signingKeyId);
    if (!valid) return { ...invalid, prescriptionId: p.id };
    return { verification: verificationOf(p), prescriptionId: p.id, timeZone: snapshotsOf(p).clinic.timeZone };
  }
}
