// The sender's side of templates: which admin wording a message uses. The message's kind and
// channel, in the first of the patient's preferred language, the location's language and English
// that an admin has worded; none of them: the built-in wording (the facts carry no wording). Read
// once the row is claimed, so an edit counts from the next message on.
import type { Database } from '../../../../db/mysql.js';
import type { NotificationChannel, NotificationKind } from '../../../../db/schema/index.js';
import { TEMPLATE_KIND_OF } from './catalogue.js';
import { languagePreference } from './language.js';
import type { Wording } from './render.js';
import { wordingsOf } from './repository.js';

export interface LanguagesOf {
  /** The patient's preferred language. */
  preferredLanguage?: string | null;
  /** The visit's location's language. */
  locationLanguage?: string | null;
}

export async function findWording(
  db: Database,
  kind: NotificationKind,
  channel: NotificationChannel,
  to: LanguagesOf,
): Promise<Wording | null> {
  const preference = languagePreference(to.preferredLanguage, to.locationLanguage);
  const rows = await wordingsOf(db, TEMPLATE_KIND_OF[kind], channel, preference);
  for (const language of preference) {
    const row = rows.find((r) => r.language.toLowerCase() === language.toLowerCase());
    if (row) return { subject: row.subject, body: row.body, language: row.language };
  }
  return null;
}
