// What each mutating route tells the audit log: how to read the current state of what it changes
// (the entry's "before"). Every POST, PUT, PATCH and DELETE route declares one in its route
// config, and GETs of clinical content say so, so the audit plugin knows nothing of other modules, and a new route without a rule
// fails a test (tests/integration/audit/route-rules.test.ts).
import type { FastifyRequest } from 'fastify';

export interface AuditRule {
  /** Reads the target as it is before the change; null when there is nothing before (a creation, a login). */
  before: ((request: FastifyRequest) => Promise<unknown>) | null;
  /** A GET whose answer is clinical content (a note, a thread's messages): every read is audited. */
  clinicalRead?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: AuditRule;
  }
}

/** Route config of a change to an existing record: `load` reads it from the route's params. */
export function auditChanges<Params>(load: (params: Params) => Promise<unknown>): { audit: AuditRule } {
  return { audit: { before: (request) => load(request.params as Params) } };
}

/** Route config of a creation, or an action with no earlier state worth keeping. */
export const auditNothingBefore: { audit: AuditRule } = { audit: { before: null } };

/** Route config of a GET that answers with clinical content: each read gets an audit entry. */
export const auditClinicalRead: { audit: AuditRule } = { audit: { before: null, clinicalRead: true } };

/** The methods whose routes must declare a rule. */
export const MUTATING_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
