// The shapes the console's record pages read (notification templates, the audit log, the system
// log), kept beside them rather than in lib/contract.ts while the console is built in parallel.
// Templates derive from the server's own schemas; the audit log's and the system log's entries
// are declared inline in their routes (server/modules/audit/routes.ts, system-logs/plugin.ts),
// which pull in Node's types the client cannot load, so they are written out here to match.
import type { Static } from 'typebox';
import type {
  PreviewBody as PreviewBodySchema,
  Preview as PreviewSchema,
  TemplateBody as TemplateBodySchema,
  TemplateList as TemplateListSchema,
  Template as TemplateSchema,
} from '../../../../server/modules/notifications/templates/schemas';

/** One of GET /api/notification-templates: a kind × channel × language, the admin's wording or the built-in one. */
export type Template = Static<typeof TemplateSchema>;
export type TemplateKind = Template['kind'];
export type TemplateChannel = Template['channel'];
export type TemplateList = Static<typeof TemplateListSchema>;
/** PUT /api/notification-templates/:kind/:channel/:language */
export type TemplateInput = Static<typeof TemplateBodySchema>;
/** POST /api/notification-templates/preview: body and answer. */
export type PreviewInput = Static<typeof PreviewBodySchema>;
export type Preview = Static<typeof PreviewSchema>;

/** One changed field of an audit entry: `from`/`to` only for fields that are neither clinical nor secret. */
export interface AuditChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

/** One of GET /api/audit (server/modules/audit/routes.ts `Entry`). */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  statusCode: number | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  changes: AuditChange[] | null;
  accessReason?: string;
  targetKey?: string;
  patientId?: string;
  /** An export's filters, rows and whether it was cut. */
  details?: Record<string, string | number | boolean>;
  count?: number;
  lastAt?: string;
}

/** GET /api/audit?actorId=&action=&targetType=&targetId=&patientId=&from=&to=&limit= (newest first). */
export interface AuditList {
  entries: AuditEntry[];
}

/** One of GET /api/system-logs (server/modules/system-logs/plugin.ts `SystemLog`). */
export interface SystemLogEntry {
  id: string;
  at: string;
  level: string;
  source: string;
  event: string;
  message: string;
  details: Record<string, unknown> | null;
}

/** GET /api/system-logs?source=&level=&from=&to=&limit= (newest first). */
export interface SystemLogList {
  logs: SystemLogEntry[];
}
