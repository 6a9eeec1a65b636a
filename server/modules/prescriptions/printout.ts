// What the prescription PDF route hands the renderer (pdf.ts): everything printed, already read and
// checked by the service. The renderer reads no database and makes no decisions about access.
export interface PrescriptionPrintout {
  number: string; // "RX-2026-000123"
  status: 'draft' | 'active' | 'partially_dispensed' | 'dispensed' | 'cancelled' | 'expired';
  issuedAt: string | null; // ISO instant of signing; null for a draft
  validUntil: string | null; // ISO instant
  clinic: { name: string; address: string; phone: string; timeZone: string };
  doctor: { name: string; licenseNumber: string; specialization?: string | null };
  patient: { name: string; dateOfBirth: string /* YYYY-MM-DD */ };
  diagnosis?: string | null;
  advice?: string | null;
  items: {
    name: string;
    genericName: string;
    form: string;
    strength: string;
    dose: string;
    frequency: string;
    durationDays: number;
    quantity: number;
    instructions?: string | null;
  }[];
  refills: number; // refills authorised
  testsOrdered: { name: string; priority: 'routine' | 'urgent' | 'stat' }[];
  allergyOverrideReason?: string | null; // printed as a visible "Allergy override" note
  drawing?: Buffer | null; // the prescriber's optional whiteboard sketch, PNG bytes
  verifyUrl: string | null; // null for a draft (not signed yet)
  signatureFingerprint: string | null; // short hex fingerprint, e.g. "3f9a 1c07 …"
  cancelledReason?: string | null; // a cancelled prescription prints a clear CANCELLED banner
}

export type { PaperSize } from '../../pdf/document.js';
