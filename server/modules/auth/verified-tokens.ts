// Access tokens this node has already verified. A signed-in client sends the same token with every
// request until it refreshes it, so the HMAC, the base64 and JSON decoding and the claim checks are
// done once per token rather than once per request.
//
// Keyed by the token's signature (its last segment, 43 characters for HS256): a lookup hashes those
// few characters in the Map, and nothing computes a SHA-256 of the whole token (fast-jwt's own
// cache does, on every request, hit or miss). A hit counts only when the whole token is the very
// string that was verified, so altered claims under a known signature are verified in full, and
// refused.
//
// Only the signature and the parsing are remembered. Expiry is compared with the clock on every
// hit (an expired entry is dropped and the token verified again, which refuses it the usual way),
// and the caller checks revocations (a deactivated login, an ended session) on every request,
// cached or not.

interface Entry<C> {
  token: string;
  claims: C;
  /** The token is valid up to and including this instant (fast-jwt: `now <= exp * 1000`). */
  validUntilMs: number;
}

export class VerifiedTokens<C extends { exp: number }> {
  private readonly entries = new Map<string, Entry<C>>();

  /** `maxEntries` bounds memory: one entry per live token seen (a few hundred bytes each). */
  constructor(private readonly maxEntries = 10_000) {}

  /** The claims of `token` if it was verified here and has not expired at `now`. */
  get(token: string, now = Date.now()): C | undefined {
    const key = signatureOf(token);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (now > entry.validUntilMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.claims;
  }

  /** Remembers a token that has just passed full verification. */
  remember(token: string, claims: C): void {
    if (this.entries.size >= this.maxEntries) {
      // The oldest entry goes first (a Map iterates in insertion order): it expires soonest.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(signatureOf(token), { token, claims, validUntilMs: claims.exp * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}

function signatureOf(token: string): string {
  return token.slice(token.lastIndexOf('.') + 1);
}
