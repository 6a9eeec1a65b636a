// Ids the client makes itself.

/** A message's clientMessageId: a UUID where the browser offers one (secure contexts), else 32 random hex digits. */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
