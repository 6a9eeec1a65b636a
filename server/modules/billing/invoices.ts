// Invoices at the desk: the list, and the changes staff make by hand (add a line, void a line, void
// the invoice), each with a reason. Each change locks the invoice, goes through the ledger (the
// only writer of totals) and appends its event in one transaction; the answer is the invoice as it
// now stands. A patient reads their own invoices only, whatever the query asks.
import { DateTime } from 'luxon';
import type { Database } from '../../../db/mysql.js';
import type { InvoiceStatus } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { locationZone } from '../locations/repository.js';
import { patientLogin } from '../patients/repository.js';
import { assertBillingStaff, assertCanReadInvoice } from './access.js';
import { appendBillingEvent } from './events.js';
import { addLines, balanceOf, lockInvoice, voidInvoice, voidLine } from './ledger.js';
import { presentInvoice, readInvoice } from './reading.js';
import { findInvoiceRow, invoicesWithPendingClaims, listInvoiceRows } from './repository.js';

export interface InvoiceQuery {
  patientId?: string;
  appointmentId?: string;
  locationId?: string;
  status?: InvoiceStatus;
  from?: string;
  to?: string;
  limit?: number;
}

export interface NewManualLine {
  description: string;
  quantity?: number;
  unitAmountMinor: number;
  reason: string;
  baseVersion?: number;
}

export class InvoicesService {
  constructor(private readonly db: Database) {}

  /** Staff filter freely; a patient gets their own invoices whatever patientId they send. Dates are the location's days (UTC without one). */
  async list(actor: UserPrincipal, q: InvoiceQuery) {
    let patientId = q.patientId;
    if (actor.role === 'patient') patientId = actor.patientId ?? '';
    else assertBillingStaff(actor);
    const zone = q.locationId ? await locationZone(this.db, q.locationId).catch(() => 'UTC') : 'UTC';
    const day = (d: string) => DateTime.fromISO(d, { zone }).startOf('day');
    const rows = await listInvoiceRows(this.db, {
      ...q,
      patientId,
      from: q.from ? day(q.from).toJSDate() : undefined,
      to: q.to ? day(q.to).plus({ days: 1 }).toJSDate() : undefined,
      limit: q.limit ?? 50,
    });
    const pending = await invoicesWithPendingClaims(
      this.db,
      rows.map((r) => r.id),
    );
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.patientId))) {
      const p = await patientLogin(this.db, id);
      names.set(id, p ? `${p.firstName} ${p.lastName}` : '');
    }
    return {
      invoices: rows.map((r) => ({
        id: r.id,
        number: r.number,
        patientId: r.patientId,
        patientName: names.get(r.patientId) ?? '',
        appointmentId: r.appointmentId,
        locationId: r.locationId,
        status: r.status,
        insurancePending: pending.has(r.id),
        currency: r.currency,
        totalMinor: r.totalMinor,
        paidMinor: r.paidMinor,
        balanceMinor: balanceOf(r),
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }

  get(actor: UserPrincipal, invoiceId: string) {
    return readInvoice(this.db, actor, invoiceId);
  }

  /** The money state of an invoice (no lines' text), as its audit entries keep it; access-checked like a read. */
  async state(actor: UserPrincipal, invoiceId: string) {
    const row = await findInvoiceRow(this.db, invoiceId);
    if (!row) throw new AppError(404, ErrorCode.NOT_FOUND, 'Invoice not found');
    assertCanReadInvoice(actor, row);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      currency: row.currency,
      totalMinor: row.totalMinor,
      paidMinor: row.paidMinor,
      balanceMinor: balanceOf(row),
      version: row.version,
    };
  }

  /** A line staff add by hand (kind other), with a reason; 409 CONFLICT when baseVersion is not the invoice's version. */
  async addLine(actor: UserPrincipal, invoiceId: string, input: NewManualLine) {
    assertBillingStaff(actor);
    return transactionWithRetry(this.db, async (tx) => {
      const invoice = await lockInvoice(tx, invoiceId);
      if (input.baseVersion !== undefined && input.baseVersion !== invoice.version) {
        throw new AppError(409, ErrorCode.CONFLICT, 'The invoice changed since you loaded it; reload and try again', {
          version: invoice.version,
        });
      }
      const line = {
        kind: 'other' as const,
        description: input.description.trim(),
        quantity: input.quantity ?? 1,
        unitAmountMinor: input.unitAmountMinor,
        reason: input.reason.trim(),
        createdBy: actor.userId,
      };
      const settled = await addLines(tx, invoice, [line]);
      await appendBillingEvent(tx, 'invoice.changed', settled);
      return presentInvoice(tx, settled);
    });
  }

  /** Strikes a line through (kept, with who, when and why). */
  async voidLine(actor: UserPrincipal, invoiceId: string, lineId: string, reason: string) {
    assertBillingStaff(actor);
    return transactionWithRetry(this.db, async (tx) => {
      const invoice = await lockInvoice(tx, invoiceId);
      const settled = await voidLine(tx, invoice, lineId, reason.trim(), actor.userId);
      await appendBillingEvent(tx, 'invoice.changed', settled);
      return presentInvoice(tx, settled);
    });
  }

  /** Voids an invoice holding no money (INVOICE_HAS_PAYMENTS otherwise: refund first). */
  async voidInvoice(actor: UserPrincipal, invoiceId: string, reason: string) {
    assertBillingStaff(actor);
    return transactionWithRetry(this.db, async (tx) => {
      const invoice = await lockInvoice(tx, invoiceId);
      const voided = await voidInvoice(tx, invoice, reason.trim(), actor.userId);
      await appendBillingEvent(tx, 'invoice.voided', voided);
      return presentInvoice(tx, voided);
    });
  }
}
