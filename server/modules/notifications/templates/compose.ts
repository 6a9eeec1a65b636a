// One message's words on one channel: the admin's wording when the sender found one (the
// patient's language, else the location's, else English), the built-in one otherwise. An admin's
// wording that cannot be used (it does not parse any more, or its SMS came out longer than an SMS
// may be with this patient's values) gives way to the built-in wording: the message still goes.
import type { NotificationChannel, TemplateKind } from '../../../../db/schema/index.js';
import { LINK_PLACEHOLDERS } from './catalogue.js';
import { DEFAULT_LANGUAGE, DEFAULT_WORDINGS } from './defaults.js';
import { parseTemplate, renderHtml, renderText, SMS_MAX_LENGTH, type Values, type Wording } from './render.js';

/** A message's values, with its dates written in the wording's language. */
export type ValuesIn = (language: string) => Values;

export interface Composed {
  /** Email subject or in-app title; null for SMS. */
  subject: string | null;
  text: string;
  /** The email's HTML part (made for every channel; only email sends it). */
  html: string;
}

export function defaultWording(kind: TemplateKind, channel: NotificationChannel): Wording {
  return { ...DEFAULT_WORDINGS[kind][channel], language: DEFAULT_LANGUAGE };
}

function renderWith(kind: TemplateKind, channel: NotificationChannel, wording: Wording, valuesIn: ValuesIn): Composed | null {
  const body = parseTemplate(wording.body);
  // An email or in-app wording always has a subject; should one lack it, the built-in subject stands in.
  const subjectSource = channel === 'sms' ? null : (wording.subject ?? DEFAULT_WORDINGS[kind][channel].subject);
  const subject = subjectSource === null ? null : parseTemplate(subjectSource);
  if (!body.ok || (subject && !subject.ok)) return null;
  const values = valuesIn(wording.language);
  return {
    subject: subject?.ok ? renderText(subject.nodes, values).trim() : null,
    text: renderText(body.nodes, values).trim(),
    html: renderHtml(body.nodes, values, LINK_PLACEHOLDERS),
  };
}

export function compose(
  kind: TemplateKind,
  channel: NotificationChannel,
  wording: Wording | null | undefined,
  valuesIn: ValuesIn,
): Composed {
  const builtIn = () => renderWith(kind, channel, defaultWording(kind, channel), valuesIn) as Composed;
  if (!wording) return builtIn();
  const own = renderWith(kind, channel, wording, valuesIn);
  if (!own || (channel === 'sms' && own.text.length > SMS_MAX_LENGTH)) return builtIn();
  return own;
}
