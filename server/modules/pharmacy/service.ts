// The pharmacy's actions besides dispensing (dispense.ts): hold a prescription back with a reason
// (a question to the prescriber, stock awaited), release it, or close it (the pharmacist cancels
// it, with a reason). Each changes the row under its lock and appends its event in the same
// transaction, so the live queue hears of it.
import type { Database } from '../../../db/mysql.js';
import { type Tx, transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField } from '../../errors.js';
import type { Principal, UserPrincipal } from '../auth/principal.js';
import { appendEvent } from '../outbox/repository.js';
import { eventPayload } from '../prescriptions/events.js';
import { DISPENSABLE, loadPrescription, type StoredPrescription, setHold, updatePrescription } from '../prescriptions/repository.js';
import { assertCanReadQueue, assertPharmacistAt } from './access.js';
import { pharmacyQueue } from './queue.js';

const stateOf = (p: StoredPrescription) => ({
  id: p.id,
  number: p.number,
  status: p.status,
  holdReason: p.holdReason,
  fillsRemaining: p.fillsRemaining,
});

const notDispensable = (p: StoredPrescription, why: string) =>
  new AppError(409, ErrorCode.NOT_DISPENSABLE, why, { status: p.status, onHold: p.holdReason !== null });

export class PharmacyService {
  constructor(private readonly db: Database) {}

  async queue(actor: Principal, locationId: string) {
    await assertCanReadQueue(this.db, actor, locationId);
    return pharmacyQueue(this.db, locationId);
  }

  /** The prescription's pharmacy state, for one of its location's pharmacists (the audit's "before"). */
  async state(actor: UserPrincipal, id: string) {
    const p = await loadPrescription(this.db, id);
    await assertPharmacistAt(this.db, actor, p.locationId);
    return stateOf(p);
  }

  hold(actor: UserPrincipal, id: string, reason: string) {
    if (!reason.trim()) throw invalidField('reason', 'Say why the prescription is held');
    return this.change(actor, id, 'prescription.held', async (tx, p) => {
      if (p.holdReason !== null) throw notDispensable(p, 'This prescription is on hold already');
      return setHold(tx, p.id, reason.trim());
    });
  }

  /** Releasing one that is not on hold changes nothing (a second tap) and answers its state. */
  release(actor: UserPrincipal, id: string) {
    return this.change(actor, id, 'prescription.released', async (tx, p) => {
      if (p.holdReason === null) return false;
      return setHold(tx, p.id, null);
    });
  }

  close(actor: UserPrincipal, id: string, reason: string) {
    if (!reason.trim()) throw invalidField('reason', 'Say why the prescription is closed');
    return this.change(actor, id, 'prescription.closed', async (tx, p) => {
      return updatePrescription(tx, p.id, DISPENSABLE, {
        status: 'cancelled',
        holdReason: null,
        cancelledAt: new Date(),
        cancelledBy: actor.userId,
        cancelReason: reason.trim(),
      });
    });
  }

  /** Locks the prescription, checks it is still open at the pharmacy, applies `apply` (false: nothing changed) and records `event`. */
  private async change(actor: UserPrincipal, id: string, event: string, apply: (tx: Tx, p: StoredPrescription) => Promise<boolean>) {
    const seen = await loadPrescription(this.db, id);
    await assertPharmacistAt(this.db, actor, seen.locationId);
    await transactionWithRetry(this.db, async (tx) => {
      const p = await loadPrescription(tx, id, { forUpdate: true });
      if (!DISPENSABLE.includes(p.status)) throw notDispensable(p, `This prescription is ${p.status}`);
      if (!(await apply(tx, p))) return;
      await appendEvent(tx, {
        type: event,
        aggregateType: 'prescription',
        aggregateId: p.id,
        payload: { ...eventPayload(p), by: actor.userId },
      });
    });
    return stateOf(await loadPrescription(this.db, id));
  }
}
