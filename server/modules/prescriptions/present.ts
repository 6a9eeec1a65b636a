// How a stored prescription looks on the wire, in its signed canonical form, on the public verify
// page and on paper. One place decides each, so the signature, the PDF and the API never disagree.
import { createHash } from 'node:crypto';
import type { PrescriptionSnapshots, PrescriptionStatus } from '../../../db/schema/index.js';
import type { PrescriptionPrintout } from './printout.js';
import type { ItemRow, StoredPrescription } from './repository.js';
import { type CanonicalPrescription, signatureFingerprint } from './signing.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The status as of `now`: a signed prescription past its validity is expired at once, whether or
 * not the hourly job has marked it yet (a pharmacy scanning it must never see "valid").
 */
export function statusAt(p: { status: PrescriptionStatus; validUntil: Date | null }, now = new Date()): PrescriptionStatus {
  const dispensable = p.status === 'active' || p.status === 'partially_dispensed';
  return dispensable && p.validUntil && p.validUntil <= now ? 'expired' : p.status;
}

/** What an item says, as printed, signed and shown to a pharmacy. */
const itemContent = (i: ItemRow) => ({
  name: i.name,
  genericName: i.genericName,
  form: i.form,
  strength: i.strength,
  dose: i.dose,
  frequency: i.frequency,
  durationDays: i.durationDays,
  quantity: i.quantity,
  instructions: i.instructions,
});

export function verifyUrlOf(publicUrl: string, p: { number: string; signature: string | null }): string | null {
  if (!p.signature) return null;
  const base = publicUrl.replace(/\/+$/, '');
  return `${base}/api/prescriptions/verify/${encodeURIComponent(p.number)}?sig=${p.signature}`;
}

export function snapshotsOf(p: StoredPrescription): PrescriptionSnapshots {
  // Written at creation and rewritten (frozen) at signing: never null after an insert.
  return p.snapshots as PrescriptionSnapshots;
}

export function presentPrescription(p: StoredPrescription, publicUrl: string) {
  const s = snapshotsOf(p);
  return {
    id: p.id,
    number: p.number,
    status: statusAt(p),
    patientId: p.patientId,
    doctorId: p.doctorId,
    appointmentId: p.appointmentId,
    locationId: p.locationId,
    version: p.version,
    items: p.items.map((i) => ({
      id: i.id,
      medicationId: i.medicationId,
      controlled: i.controlled,
      dispensedQuantity: i.dispensedQuantity,
      ...itemContent(i),
    })),
    refills: p.refills,
    fillsRemaining: p.fillsRemaining,
    validDays: p.validDays,
    validUntil: iso(p.validUntil),
    diagnosis: p.diagnosis,
    advice: p.advice,
    testsOrdered: p.testsOrdered,
    allergyOverrideReason: p.allergyOverrideReason,
    hasDrawing: Boolean(p.drawingPng),
    patient: { name: s.patient.name, dateOfBirth: s.patient.dateOfBirth },
    doctor: { name: s.doctor.name, licenseNumber: s.doctor.licenseNumber },
    signedAt: iso(p.signedAt),
    verifyUrl: verifyUrlOf(publicUrl, p),
    signatureFingerprint: p.signature ? signatureFingerprint(p.signature) : null,
    cancelledAt: iso(p.cancelledAt),
    cancelReason: p.cancelReason,
    replacesId: p.replacesId,
    replacedById: p.replacedById,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export const drawingSha256 = (png: string | null) => (png ? createHash('sha256').update(png).digest('hex') : null);

/**
 * Exactly what the signature covers, rebuilt from the stored row: signing and verifying both call
 * this, so any change to a stored field after signing makes verification fail.
 */
export function canonicalOf(p: StoredPrescription, signedAt: Date, validUntil: Date): CanonicalPrescription {
  const s = snapshotsOf(p);
  return {
    v: 1,
    number: p.number,
    issuedAt: signedAt.toISOString(),
    validUntil: validUntil.toISOString(),
    clinic: { name: s.clinic.name, address: s.clinic.address, phone: s.clinic.phone },
    patient: { name: s.patient.name, dateOfBirth: s.patient.dateOfBirth },
    doctor: { name: s.doctor.name, licenseNumber: s.doctor.licenseNumber, specialization: s.doctor.specialization },
    items: p.items.map((i) => ({ medicationId: i.medicationId, ...itemContent(i) })),
    refills: p.refills,
    testsOrdered: p.testsOrdered.map((t) => ({ name: t.name, priority: t.priority })),
    diagnosis: p.diagnosis,
    advice: p.advice,
    allergyOverrideReason: p.allergyOverrideReason,
    drawingSha256: drawingSha256(p.drawingPng),
  };
}

/** "Ana María" "Pérez-Soto" → "A. M. P." — what a pharmacy may learn about the patient, with the birth year. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => `${Array.from(part)[0]!.toUpperCase()}.`)
    .join(' ');
}

/** The public verify answer: what a pharmacy needs to trust the paper, and nothing more. */
export function verificationOf(p: StoredPrescription) {
  const s = snapshotsOf(p);
  return {
    valid: true,
    number: p.number,
    status: statusAt(p),
    issuedAt: p.signedAt!.toISOString(),
    validUntil: p.validUntil!.toISOString(),
    doctor: { name: s.doctor.name, licenseNumber: s.doctor.licenseNumber },
    patient: { initials: initialsOf(s.patient.name), birthYear: Number(s.patient.dateOfBirth.slice(0, 4)) },
    items: p.items.map(itemContent),
    fillsRemaining: p.fillsRemaining,
  };
}

/** The PDF's content (printout.ts is the renderer's own type). */
export function printoutOf(p: StoredPrescription, publicUrl: string): PrescriptionPrintout {
  const s = snapshotsOf(p);
  const status = statusAt(p);
  return {
    number: p.number,
    status,
    issuedAt: iso(p.signedAt),
    validUntil: iso(p.validUntil),
    clinic: s.clinic,
    doctor: s.doctor,
    patient: s.patient,
    diagnosis: p.diagnosis,
    advice: p.advice,
    items: p.items.map(itemContent),
    refills: p.refills,
    testsOrdered: p.testsOrdered,
    allergyOverrideReason: p.allergyOverrideReason,
    drawing: p.drawingPng ? Buffer.from(p.drawingPng, 'base64') : null,
    verifyUrl: verifyUrlOf(publicUrl, p),
    signatureFingerprint: p.signature ? signatureFingerprint(p.signature) : null,
    cancelledReason: status === 'cancelled' ? p.cancelReason : null,
  };
}
