// The desk's extra shapes beside schemas.ts (claims list, cash-up and takings queries): the claims
// as reception lists them, with the invoice number and patient name, and the queries of the
// cash-up and takings routes. Bodies and the CashUp/Takings/InsuranceClaim answers are in schemas.ts.
import { Type } from 'typebox';
import { CLAIM_STATUSES } from '../../../db/schema/index.js';
import { CalendarDate, Id } from '../../http/schemas.js';
import { CashUp, Desk, InsuranceClaim } from './schemas.js';

export const ClaimListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(CLAIM_STATUSES)),
    locationId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  },
  { additionalProperties: false },
);

export const ClaimListEntry = Type.Object({
  ...InsuranceClaim.properties,
  invoiceNumber: Type.String(),
  patientId: Id,
  patientName: Type.String(),
  locationId: Id,
  currency: Type.String(),
});

export const ClaimList = Type.Object({ claims: Type.Array(ClaimListEntry) });

export const ExpectedCashUpQuery = Type.Object(
  { locationId: Id, day: CalendarDate, desk: Type.Optional(Desk) },
  { additionalProperties: false },
);

export const CashUpListQuery = Type.Object(
  { locationId: Id, from: Type.Optional(CalendarDate), to: Type.Optional(CalendarDate) },
  { additionalProperties: false },
);

export const TakingsQuery = Type.Object(
  {
    locationId: Id,
    /** The location's local day; today there when absent. */
    day: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);

/** Fields of a claim whose before and after may be kept in the audit log (no reason text). */
export const CLAIM_AUDIT_FIELDS = [
  'invoiceId',
  'provider',
  'claimedMinor',
  'patientShareMinor',
  'status',
  'approvedMinor',
  'decidedAt',
] as const;
/** Fields of a cash-up kept in the audit log: figures only (the note is named, not kept). */
export const CASH_UP_AUDIT_FIELDS = ['locationId', 'desk', 'day', 'currency', 'expected', 'counted', 'differenceMinor'] as const;

export const CashUpList = Type.Object({ cashUps: Type.Array(CashUp) });
