// Refill requests: a patient asks for another fill of a signed prescription from the portal; the
// prescriber sees it live (an outbox event the live publisher turns into a notification) and
// approves it (one more dispensable fill) or denies it with a reason. One pending request per
// prescription (a unique generated column), so a double tap never makes two.
import { isDuplicateKey } from '../../../db/errors.js';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { appendEvent } from '../outbox/repository.js';
import { assertPrescriber } from './access.js';
import { eventPayload } from './events.js';
import {
  addFill,
  decideRefillRequest,
  insertRefillRequest,
  listRefillRequests,
  loadPrescription,
  loadRefillRequest,
  type RefillRow,
  type StoredPrescription,
} from './repository.js';

/** Statuses of a prescription a refill can be asked for: signed, not cancelled, not expired. */
const REFILLABLE = ['active', 'partially_dispensed', 'dispensed'];

const present = (r: RefillRow, number: string) => ({
  id: r.id,
  prescriptionId: r.prescriptionId,
  prescriptionNumber: number,
  patientId: r.patientId,
  doctorId: r.doctorId,
  status: r.status,
  note: r.note,
  reason: r.reason,
  decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
});

/** The refill events carry the prescription's own event payload and the request's id. */
const eventOf = (r: { id: string }, p: StoredPrescription) => ({ refillRequestId: r.id, ...eventPayload(p) });

function assertRefillable(p: StoredPrescription, now: Date) {
  if (!REFILLABLE.includes(p.status) || (p.validUntil && p.validUntil <= now))
    throw new AppError(
      409,
      ErrorCode.PRESCRIPTION_NOT_ACTIVE,
      `A refill needs a signed prescription that is still valid; this one is ${p.status}`,
      {
        status: p.status,
      },
    );
  if (p.items.some((i) => i.controlled))
    throw new AppError(409, ErrorCode.CONTROLLED_SUBSTANCE, 'A controlled medicine is not refilled: the doctor writes a new prescription');
}

export class RefillsService {
  constructor(private readonly db: Database) {}

  async request(actor: UserPrincipal, prescriptionId: string, note: string | undefined) {
    const p = await loadPrescription(this.db, prescriptionId);
    if (actor.role !== 'patient' || actor.patientId !== p.patientId)
      throw forbidden('A patient asks for refills of their own prescriptions');
    if (p.status === 'draft') throw notFound('Prescription');
    assertRefillable(p, new Date());
    const id = newId();
    try {
      await transactionWithRetry(this.db, async (tx) => {
        await insertRefillRequest(tx, {
          id,
          prescriptionId: p.id,
          patientId: p.patientId,
          doctorId: p.doctorId,
          status: 'pending',
          note: note?.trim() || null,
        });
        await appendEvent(tx, {
          type: 'refill.requested',
          aggregateType: 'prescription',
          aggregateId: p.id,
          payload: eventOf({ id }, p),
        });
      });
    } catch (err) {
      if (isDuplicateKey(err, 'refill_requests_pending_unique'))
        throw new AppError(409, ErrorCode.REFILL_PENDING, 'A refill request for this prescription is waiting for the doctor already');
      throw err;
    }
    return present(await loadRefillRequest(this.db, id), p.number);
  }

  /** The request as `actor` may see it (its patient or its prescriber); no check when `actor` is null. */
  async read(actor: UserPrincipal | null, id: string) {
    const r = await loadRefillRequest(this.db, id);
    if (
      actor &&
      !(actor.role === 'doctor' && actor.doctorId === r.doctorId) &&
      !(actor.role === 'patient' && actor.patientId === r.patientId)
    )
      throw forbidden();
    return r;
  }

  async decide(actor: UserPrincipal, id: string, approve: boolean, reason: string | undefined) {
    const r = await loadRefillRequest(this.db, id);
    const p = await loadPrescription(this.db, r.prescriptionId);
    assertPrescriber(actor, p);
    if (r.status !== 'pending')
      throw new AppError(409, ErrorCode.REFILL_DECIDED, `This request was ${r.status} already`, { status: r.status });
    if (approve) assertRefillable(p, new Date());
    const decided = await transactionWithRetry(this.db, async (tx) => {
      const ok = await decideRefillRequest(tx, id, {
        status: approve ? 'approved' : 'denied',
        decidedBy: actor.userId,
        decidedAt: new Date(),
        reason: reason?.trim() || null,
      });
      if (!ok) return false;
      // Cancelled, reissued or expired since it was read: the approval must not land (rolls back).
      if (approve && !(await addFill(tx, p.id, new Date())))
        throw new AppError(409, ErrorCode.PRESCRIPTION_NOT_ACTIVE, 'The prescription was cancelled or expired meanwhile', {
          status: 'changed',
        });
      await appendEvent(tx, {
        type: approve ? 'refill.approved' : 'refill.denied',
        aggregateType: 'prescription',
        aggregateId: p.id,
        payload: eventOf(r, p),
      });
      return true;
    });
    const now = await loadRefillRequest(this.db, id);
    if (!decided) throw new AppError(409, ErrorCode.REFILL_DECIDED, `This request was ${now.status} already`, { status: now.status });
    return present(now, p.number);
  }

  async list(actor: UserPrincipal, q: { status?: RefillRow['status']; prescriptionId?: string }) {
    const mine =
      actor.role === 'doctor'
        ? { doctorId: actor.doctorId ?? '-' }
        : actor.role === 'patient'
          ? { patientId: actor.patientId ?? '-' }
          : null;
    if (!mine) throw forbidden();
    const rows = await listRefillRequests(this.db, { ...q, ...mine });
    return { refillRequests: rows.map((r) => present(r.request, r.number)) };
  }
}
