// How a route declares that it is expensive: `config: { ...auditCreates(FIELDS), ...expensive }`.
// Such a route gets a request count of its own per caller, tighter than the general one shared by
// the other API routes (RATE_LIMIT_EXPENSIVE; server/plugins/limits.ts applies both). A public route
// (`publicCheck`) gets a smaller one per address (RATE_LIMIT_PUBLIC).

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'expensive': a count of its own per caller (availability, creating POSTs, patient search, message send).
     * 'public': a route anyone may call without signing in (the prescription check): a small count per address.
     */
    limit?: 'expensive' | 'public';
  }
}

export const expensive: { limit: 'expensive' } = { limit: 'expensive' };
export const publicCheck: { limit: 'public' } = { limit: 'public' };
