// The shapes of the notification template routes (API.md "Notification templates").
import { Type } from 'typebox';
import { NOTIFICATION_CHANNELS, TEMPLATE_KINDS } from '../../../../db/schema/index.js';

/** Longest wording body: an email of a few paragraphs (an SMS is held to three segments when rendered). */
export const BODY_MAX_LENGTH = 4000;

export const TemplateKindName = Type.Enum([...TEMPLATE_KINDS], { description: 'The kind of message' });
export const ChannelName = Type.Enum([...NOTIFICATION_CHANNELS]);
/** Language, optional script and region (en, de, pt-BR, zh-Hant-TW); canonicalised by the service. */
export const LanguageTag = Type.String({
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$',
  maxLength: 35,
  description: 'BCP 47 language tag, e.g. en, de, pt-BR',
});

const Subject = Type.String({
  minLength: 1,
  maxLength: 200,
  // One line that says something: it becomes a mail header or a notice's title.
  pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$',
  description: 'Email subject or in-app title (one line; placeholders allowed); absent or null for SMS',
});
const Body = Type.String({
  minLength: 1,
  maxLength: BODY_MAX_LENGTH,
  pattern: '\\S',
  description: 'The text with {{placeholders}}; {{#name}}…{{/name}} shows its part only when name has a value',
});

export const TemplateParams = Type.Object(
  { kind: TemplateKindName, channel: ChannelName, language: LanguageTag },
  { additionalProperties: false },
);
export const TemplateListQuery = Type.Object({ language: Type.Optional(LanguageTag) }, { additionalProperties: false });

export const TemplateBody = Type.Object(
  { subject: Type.Optional(Type.Union([Subject, Type.Null()])), body: Body },
  { additionalProperties: false },
);
export const PreviewBody = Type.Object(
  {
    kind: TemplateKindName,
    channel: ChannelName,
    language: LanguageTag,
    subject: Type.Optional(Type.Union([Subject, Type.Null()])),
    body: Body,
  },
  { additionalProperties: false },
);

export const Template = Type.Object({
  kind: TemplateKindName,
  channel: ChannelName,
  language: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  isDefault: Type.Boolean({ description: 'true: the built-in wording (no admin wording in this language)' }),
  placeholders: Type.Array(Type.String(), { description: 'The {{names}} this kind offers' }),
});
export const TemplateList = Type.Object({ templates: Type.Array(Template) });

export const Preview = Type.Object({
  subject: Type.Union([Type.String(), Type.Null()], { description: 'Email subject or in-app title; null for SMS' }),
  text: Type.String(),
  html: Type.Optional(Type.String({ description: 'Email only: the HTML part' })),
});

/** Kept with their values in the audit log (not clinical, no secret); the body is recorded by name only (audit NEVER_KEPT). */
export const TEMPLATE_AUDIT_FIELDS = ['kind', 'channel', 'language', 'subject', 'isDefault'] as const;
