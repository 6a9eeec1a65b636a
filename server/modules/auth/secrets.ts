// Opaque secrets (refresh tokens, display tokens): random, shown to the client once, stored
// only as a SHA-256 digest so a database leak does not hand out working tokens.
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
