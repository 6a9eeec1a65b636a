// The audit log as CSV for spreadsheets (RFC 4180), safe to open: a cell a spreadsheet would run as
// a formula (=, +, -, @, tab, carriage return first: OWASP's CSV injection list) gets a leading
// apostrophe, so a user agent or an action path an attacker chose stays text.

/** The most rows one export holds; narrower filters get the rest. */
export const AUDIT_CSV_MAX_ROWS = 10_000;

const COLUMNS = [
  'at',
  'actorId',
  'actorRole',
  'action',
  'outcome',
  'statusCode',
  'targetType',
  'targetId',
  'patientId',
  'ip',
  'userAgent',
  'requestId',
  'accessReason',
  'count',
  'lastAt',
  'changes',
] as const;

type Row = { [K in (typeof COLUMNS)[number]]?: unknown };

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text as is, objects as JSON; defused if it could start a formula; quoted if it must be. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header row and one row per entry, CRLF line ends (RFC 4180). */
export function auditCsv(entries: readonly Row[]): string {
  const lines = [COLUMNS.join(',')];
  for (const entry of entries) lines.push(COLUMNS.map((column) => csvCell(entry[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
