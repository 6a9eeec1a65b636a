// What each route tells the audit log. Every POST, PUT, PATCH and DELETE route declares a rule in
// its route config (a test fails for one that does not: tests/integration/audit/route-rules.test.ts):
// - how to read the state of what it changes before the change (loaded after the route's role
//   check, by a read that makes the object-level access check itself: a refused caller gets
//   nothing loaded);
// - which fields are not clinical and hold no secret, so that their old and new values may be
//   kept. Any other changed field is recorded by name only: clinical text (notes, messages,
//   reasons), passwords and tokens never enter the log.
// GETs whose answer is clinical content say so: each such read is audited.
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';

export interface AuditRule {
  /** Reads the target as it is before the change; null when there is nothing before (a creation, a login). */
  before: ((request: FastifyRequest) => Promise<unknown>) | null;
  /** Fields whose old and new values may be kept (not clinical, not secret); others are named only. */
  fields: readonly string[];
  /** A GET whose answer is clinical content (a note, a thread's messages): every read is audited. */
  clinicalRead?: boolean;
  /**
   * A POST that only computes an answer and changes nothing (a template's preview, the visits a time
   * off would fall on): asked for on every pause in typing, so its successes are not entries; refusals still are.
   */
  changesNothing?: boolean;
}

/** The target of an entry when it is not in the route's params or answer (e.g. the account a login tried). */
export interface AuditTargetRef {
  type: string;
  id: string | null;
  /** A keyed hash naming the target without revealing it (the email a login tried), to count attempts at it. */
  emailHash?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: AuditRule;
  }
  interface FastifyRequest {
    /** Set by a route whose target is not in its params or answer. */
    auditTarget?: AuditTargetRef;
    /** Set by a change whose author must stay unknown (anonymous feedback): counted per day, not recorded one by one. */
    auditAnonymous?: boolean;
    /** Set when staff opened a record outside the care team with a reason (record/access.ts); kept in the entry. */
    accessReason?: string;
    /** Set by a GET whose every answer is audited with its outcome (the public prescription check). */
    auditOutcome?: 'ok' | 'failed';
    /** Set by a GET whose every successful answer is audited under this action (the audit log's own export). */
    auditAction?: string;
    /** With auditAction: what was asked for and how much came back (filters, row count); ids and counts, never free text. */
    auditDetails?: Record<string, string | number | boolean>;
  }
}

/**
 * Field names that may never be listed as kept: free text that may be clinical, and secrets.
 * The route-rule test refuses a rule that lists one.
 */
export const NEVER_KEPT = [
  'body',
  'soap',
  'subjective',
  'objective',
  'assessment',
  'plan',
  'vitals',
  'diagnoses',
  'reason',
  'cancelReason',
  'overbookReason',
  'password',
  'passwordHash',
  'token',
  'tokenHash',
  'accessToken',
  'refreshToken',
  'preview',
  'lastMessage',
  'attachments',
  'versions',
] as const;

/** Route config of a change to an existing record: `load` reads it, as `actor` may see it, from the route's params. */
export function auditChanges<Params>(
  fields: readonly string[],
  load: (params: Params, actor: UserPrincipal) => Promise<unknown>,
): { audit: AuditRule } {
  return {
    audit: {
      fields,
      before: async (request) => {
        if (!request.principal) throw unauthorized();
        if (request.principal.kind !== 'user') throw forbidden();
        return load(request.params as Params, request.principal);
      },
    },
  };
}

/** Route config of a POST that answers a question and changes nothing (its successes are not audited). */
export function auditNothingChanges(): { audit: AuditRule } {
  return { audit: { before: null, fields: [], changesNothing: true } };
}

/** Route config of a creation, or an action with no earlier state worth keeping. */
export function auditCreates(fields: readonly string[]): { audit: AuditRule } {
  return { audit: { before: null, fields } };
}

/** Route config of a GET that answers with clinical content: each read gets an audit entry. */
export const auditClinicalRead: { audit: AuditRule } = { audit: { before: null, fields: [], clinicalRead: true } };

/** The methods whose routes must declare a rule. */
export const MUTATING_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
