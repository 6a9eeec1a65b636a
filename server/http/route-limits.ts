// How a route declares that it is expensive: `config: { ...auditCreates(FIELDS), ...expensive }`.
// Such a route gets a request count of its own per caller, tighter than the general one shared by
// the other API routes (RATE_LIMIT_EXPENSIVE; server/plugins/limits.ts applies both).

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'expensive': a count of its own per caller (availability, creating POSTs, patient search, message send). */
    limit?: 'expensive';
  }
}

export const expensive: { limit: 'expensive' } = { limit: 'expensive' };
