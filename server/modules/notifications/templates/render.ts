// The template language of notification wordings, pure: `{{name}}` is a value, and
// `{{#name}}…{{/name}}` shows what it holds only when `name` has a value (a feedback request names
// the doctor only while the doctor's record is there). Nothing else is special: a lone `{` or `}`
// is text. Email HTML is made here from the same words as the text part: every line its own
// paragraph, the template's own text and every value HTML-escaped (a patient called `<b>Bo</b>`
// reads literally), links made clickable. Values never contain line breaks: they are flattened.

/** An admin's (or the built-in) wording of one kind of message on one channel. */
export interface Wording {
  /** Email subject or in-app title; null for SMS. */
  subject: string | null;
  body: string;
  /** The wording's BCP 47 language: dates are written in it. */
  language: string;
}

/** What a text message may be at most: three concatenated segments. */
export const SMS_MAX_LENGTH = 480;

export type Node = { type: 'text'; text: string } | { type: 'value'; name: string } | { type: 'section'; name: string; children: Node[] };

export type ParseResult = { ok: true; nodes: Node[]; names: string[] } | { ok: false; reason: string };

const TAG = /\{\{([#/]?)([A-Za-z][A-Za-z0-9]*)\}\}/y;

/** Parses a wording; malformed braces (a `{{` that opens no tag, a stray `}}`, an unclosed or crossed section) are refused. */
export function parseTemplate(source: string): ParseResult {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [];
  const names = new Set<string>();
  const here = () => stack.at(-1)?.children ?? root;
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    const close = source.indexOf('}}', i);
    if (close !== -1 && (open === -1 || close < open)) return { ok: false, reason: 'a "}}" without its "{{"' };
    if (open === -1) {
      here().push({ type: 'text', text: source.slice(i) });
      break;
    }
    if (open > i) here().push({ type: 'text', text: source.slice(i, open) });
    TAG.lastIndex = open;
    const tag = TAG.exec(source);
    if (!tag) return { ok: false, reason: 'a "{{" must be followed by a placeholder name and "}}", e.g. {{locationName}}' };
    const [whole, sigil, name] = tag as unknown as [string, string, string];
    names.add(name);
    if (sigil === '#') {
      const section = { type: 'section' as const, name, children: [] as Node[] };
      here().push(section);
      stack.push(section);
    } else if (sigil === '/') {
      if (stack.at(-1)?.name !== name) return { ok: false, reason: 'a "{{/…}}" closes no open "{{#…}}" of the same name' };
      stack.pop();
    } else {
      here().push({ type: 'value', name });
    }
    i = open + whole.length;
  }
  if (stack.length) return { ok: false, reason: 'a "{{#…}}" is never closed with its "{{/…}}"' };
  return { ok: true, nodes: root, names: [...names] };
}

/** The first name a wording uses that is not allowed, or null. */
export function unknownPlaceholder(names: readonly string[], allowed: readonly string[]): string | null {
  return names.find((n) => !allowed.includes(n)) ?? null;
}

export type Values = Readonly<Record<string, string | null | undefined>>;

/** A value on one line: line breaks in an address or a name must not start paragraphs or SMS lines. */
const flat = (value: string | null | undefined) => (value ?? '').replace(/\s*[\r\n]+\s*/g, ' ');

interface Piece {
  text: string;
  /** Whether it came from a value (a link value is made clickable in HTML). */
  value?: string;
}

function pieces(nodes: readonly Node[], values: Values, out: Piece[]): Piece[] {
  for (const node of nodes) {
    if (node.type === 'text') out.push({ text: node.text });
    else if (node.type === 'value') out.push({ text: flat(values[node.name]), value: node.name });
    else if (flat(values[node.name]).trim()) pieces(node.children, values, out);
  }
  return out;
}

/** Plain text: SMS, in-app, email subject and text part. */
export function renderText(nodes: readonly Node[], values: Values): string {
  return pieces(nodes, values, [])
    .map((p) => p.text)
    .join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const isLink = (text: string) => /^https?:\/\/\S+$/.test(text);

/**
 * The email's HTML part: each non-empty line a paragraph (blank lines only separate), all text
 * escaped, and a value that is a web address (the portal, the receipt, the feedback form) a link.
 */
export function renderHtml(nodes: readonly Node[], values: Values, links: readonly string[]): string {
  const html = pieces(nodes, values, [])
    .map((p) => {
      const safe = escapeHtml(p.text);
      return p.value && links.includes(p.value) && isLink(p.text) ? `<a href="${safe}">${safe}</a>` : safe;
    })
    .join('');
  return html
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${line}</p>`)
    .join('\n');
}

/** Renders a wording's source directly (already checked): for the defaults and the length check. */
export function renderSource(source: string, values: Values): string {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`template does not parse: ${parsed.reason}`);
  return renderText(parsed.nodes, values);
}
