// Ed25519 signatures over a prescription's canonical content. Whoever holds the printed QR (the
// number and the signature) can ask the hub whether the script is genuine and unchanged: the hub
// rebuilds the canonical content from what it stored and checks the signature against it, so a
// changed character in the signature, the number or any stored field makes it "not valid".
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** Everything a pharmacist relies on, in a fixed shape; the signature covers exactly this. */
export interface CanonicalPrescription {
  /** The canonical form's version: a later form can be added while old signatures still check. */
  v: 1;
  number: string;
  issuedAt: string;
  validUntil: string;
  clinic: { name: string; address: string; phone: string };
  patient: { name: string; dateOfBirth: string };
  doctor: { name: string; licenseNumber: string; specialization: string | null };
  items: {
    medicationId: string;
    name: string;
    genericName: string;
    form: string;
    strength: string;
    dose: string;
    frequency: string;
    durationDays: number;
    quantity: number;
    instructions: string | null;
  }[];
  refills: number;
  testsOrdered: { name: string; priority: string }[];
  diagnosis: string | null;
  advice: string | null;
  allergyOverrideReason: string | null;
  /** SHA-256 (hex) of the prescriber's sketch, so the signature covers it without carrying it. */
  drawingSha256: string | null;
}

/** JSON with object keys sorted at every level: one byte string for one content, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface PrescriptionSigner {
  /** Short id of the public key (first 16 hex digits of its SHA-256), stored with each signature. */
  readonly keyId: string;
  sign(content: CanonicalPrescription): string;
  verify(content: CanonicalPrescription, signature: string, keyId: string): boolean;
}

const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

export function createSigner(privateKeyPem: string): PrescriptionSigner {
  const privateKey: KeyObject = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  return {
    keyId,
    sign: (content) => sign(null, Buffer.from(canonicalJson(content)), privateKey).toString('base64url'),
    verify(content, signature, signatureKeyId) {
      // A signature made by another (older) key cannot be checked here; nor can a malformed one.
      if (signatureKeyId !== keyId || !SIGNATURE.test(signature)) return false;
      const bytes = Buffer.from(signature, 'base64url');
      if (bytes.length !== 64 || bytes.toString('base64url') !== signature) return false;
      return verify(null, Buffer.from(canonicalJson(content)), publicKey, bytes);
    },
  };
}

/** What the printout shows under the QR: the first 8 bytes of the signature's SHA-256, in groups. */
export function signatureFingerprint(signature: string): string {
  const hex = createHash('sha256').update(signature).digest('hex').slice(0, 16);
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}
