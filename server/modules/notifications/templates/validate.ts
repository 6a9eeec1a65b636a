// Whether an admin's wording can be saved (or previewed): braces well formed (400
// VALIDATION_FAILED), only the kind's placeholders (400 UNKNOWN_PLACEHOLDER), a subject exactly
// where the channel has one, and an SMS that fits three segments even with long real values
// (400 SMS_TOO_LONG). Pure: the routes' service calls it before anything is stored.
import type { NotificationChannel, TemplateKind } from '../../../../db/schema/index.js';
import { AppError, ErrorCode, invalidField } from '../../../errors.js';
import { LONGEST_VALUES, PLACEHOLDERS } from './catalogue.js';
import { parseTemplate, renderText, SMS_MAX_LENGTH, unknownPlaceholder } from './render.js';

export interface WordingInput {
  subject?: string | null;
  body: string;
}

function parsed(field: 'subject' | 'body', source: string, allowed: readonly string[]) {
  const result = parseTemplate(source);
  if (!result.ok) throw invalidField(field, `Malformed braces: ${result.reason}.`);
  const unknown = unknownPlaceholder(result.names, allowed);
  if (unknown !== null) {
    throw new AppError(400, ErrorCode.UNKNOWN_PLACEHOLDER, `${field}: {{${unknown}}} is not a placeholder of this message`, {
      field,
      placeholder: unknown,
      allowed: [...allowed],
    });
  }
  return result.nodes;
}

/** Throws the AppError the API answers with; returns the SMS's longest length (0 for other channels). */
export function checkWording(kind: TemplateKind, channel: NotificationChannel, input: WordingInput): number {
  const allowed = PLACEHOLDERS[kind];
  const subject = input.subject ?? null;
  if (channel === 'sms' && subject !== null) throw invalidField('subject', 'A text message has no subject.');
  if (channel !== 'sms' && subject === null) throw invalidField('subject', 'An email or in-app notice needs a subject (its title).');
  if (subject !== null) parsed('subject', subject, allowed);
  const body = parsed('body', input.body, allowed);
  if (channel !== 'sms') return 0;
  const length = renderText(body, LONGEST_VALUES).trim().length;
  if (length > SMS_MAX_LENGTH) {
    throw new AppError(
      400,
      ErrorCode.SMS_TOO_LONG,
      `With long real values this text message would have ${length} characters; at most ${SMS_MAX_LENGTH} fit three segments`,
      { maxLength: SMS_MAX_LENGTH, length },
    );
  }
  return length;
}
