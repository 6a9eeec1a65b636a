// Who may read a patient's medical record (the structured record, notes, documents, vitals) and as
// what. The one place these rules live; notes and documents ask here too.
// - the patient: their own record, and of notes and documents only what was shared with them;
// - a doctor with a care relationship (a visit within CARE_RELATIONSHIP_DAYS: haveCareRelationship);
// - a nurse of a location where the patient has such a visit;
// - admins and receptionists only where STAFF_CAN_READ_RECORDS is on, and only with a reason
//   (header X-Access-Reason) that the audit entry keeps ("break the glass");
// - nobody else: pharmacists read prescriptions, not records; screens nothing.
// A patient asking for another patient's record gets 404 (ids cannot be probed); others 403.
import type { FastifyRequest } from 'fastify';
import type { Reader } from '../../../db/transactions.js';
import { AppError, ErrorCode, forbidden, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { haveCareRelationship, haveVisitAtLocations } from '../scheduling/care-team.js';
import { locationsOfUser } from '../users/repository.js';

/** How the caller relates to the patient; decides what of the record they see. */
export type RecordRelation = 'patient' | 'doctor' | 'nurse' | 'staff';

export interface RecordAccessSettings {
  careRelationshipDays: number;
  staffCanReadRecords: boolean;
}

/** The longest reason kept; longer ones are refused by the header's check. */
export const ACCESS_REASON_MAX = 200;

/** The caller's relation to the patient's record, or the refusal (403, 404, 403 ACCESS_REASON_REQUIRED). */
export async function recordRelation(
  db: Reader,
  actor: UserPrincipal,
  patientId: string,
  settings: RecordAccessSettings,
  reason: string | null,
): Promise<RecordRelation> {
  const window = { days: settings.careRelationshipDays };
  switch (actor.role) {
    case 'patient':
      if (actor.patientId === patientId) return 'patient';
      throw notFound('Patient');
    case 'doctor':
      if (actor.doctorId && (await haveCareRelationship(db, patientId, actor.doctorId, window))) return 'doctor';
      throw forbidden('Only doctors who see this patient read their record');
    case 'nurse':
      if (await haveVisitAtLocations(db, patientId, await locationsOfUser(db, actor.userId), window)) return 'nurse';
      throw forbidden('Only nurses of a location this patient visits read their record');
    case 'admin':
    case 'receptionist':
      if (!settings.staffCanReadRecords) throw forbidden('Staff do not read medical records here');
      if (!reason) throw new AppError(403, ErrorCode.ACCESS_REASON_REQUIRED, 'Say why you open this record in the X-Access-Reason header');
      return 'staff';
    default:
      throw forbidden();
  }
}

/** A location's triage list (GET /api/locations/:id/triage, triage:subscribe): its nurses and admins. */
export async function assertCanReadTriage(db: Reader, actor: UserPrincipal, locationId: string): Promise<void> {
  if (actor.role === 'admin') return;
  if (actor.role === 'nurse' && (await locationsOfUser(db, actor.userId)).includes(locationId)) return;
  throw forbidden('Only the nurses of this location read its triage list');
}

/** Whether the relation belongs to the care team (doctors and nurses who see the patient). */
export const isCareTeam = (relation: RecordRelation) => relation === 'doctor' || relation === 'nurse';

/**
 * The staff reason of a request (X-Access-Reason), trimmed, or null; it is put on the request so the
 * audit entry keeps it. Node reads header bytes as Latin-1: bytes that are valid UTF-8 are decoded
 * as such ("причина" from an HTTP client), others kept as Latin-1 ("Überweisung" from a browser's
 * fetch, which sends such characters as single bytes). A reason longer than ACCESS_REASON_MAX or
 * holding control characters (C0 or C1: what garbled bytes turn into) is refused.
 */
export function accessReasonOf(request: FastifyRequest): string | null {
  const raw = request.headers['x-access-reason'];
  // Only staff give reasons: anyone else's header is ignored (and not kept in the audit log).
  const role = request.principal?.role;
  if (typeof raw !== 'string' || (role !== 'admin' && role !== 'receptionist')) return null;
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  const reason = (utf8.includes('\ufffd') ? raw : utf8).trim();
  if (!reason) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if ([...reason].length > ACCESS_REASON_MAX || /[\u0000-\u001f\u007f-\u009f]/.test(reason))
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, `X-Access-Reason must be 1 to ${ACCESS_REASON_MAX} printable characters`);
  request.accessReason = reason;
  return reason;
}
