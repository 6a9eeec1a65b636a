// The admin's side of notification templates: list every kind × channel of a language (the
// admin's wording or the built-in one), save a checked wording, reset to the built-in one, and
// preview a wording with a sample message. No Fastify here.
import type { Database } from '../../../../db/mysql.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel, TEMPLATE_KINDS, type TemplateKind } from '../../../../db/schema/index.js';
import { listLocations } from '../../locations/repository.js';
import { PLACEHOLDERS } from './catalogue.js';
import { DEFAULT_LANGUAGE, DEFAULT_WORDINGS } from './defaults.js';
import { canonicalLanguage, languageOf } from './language.js';
import { type Previewed, preview } from './preview.js';
import { deleteTemplate, findTemplate, saveTemplate, type TemplateKey, type TemplateRow, templatesInLanguages } from './repository.js';
import { checkWording, type WordingInput } from './validate.js';

export interface Template {
  kind: TemplateKind;
  channel: NotificationChannel;
  language: string;
  subject: string | null;
  body: string;
  isDefault: boolean;
  placeholders: string[];
}

function present(key: TemplateKey, row: Pick<TemplateRow, 'subject' | 'body'> | null): Template {
  const wording = row ?? DEFAULT_WORDINGS[key.kind][key.channel];
  return {
    ...key,
    subject: key.channel === 'sms' ? null : wording.subject,
    body: wording.body,
    isDefault: !row,
    placeholders: [...PLACEHOLDERS[key.kind]],
  };
}

export interface TemplateParams {
  kind: TemplateKind;
  channel: NotificationChannel;
  language: string;
}

export class TemplatesService {
  constructor(private readonly db: Database) {}

  /** One language, or (none asked for) English and every location's language. */
  async list(language?: string): Promise<{ templates: Template[] }> {
    const languages = language ? [languageOf(language)] : await this.languagesInUse();
    const rows = await templatesInLanguages(this.db, languages);
    const templates: Template[] = [];
    for (const lang of languages) {
      for (const kind of TEMPLATE_KINDS) {
        for (const channel of NOTIFICATION_CHANNELS) {
          const row = rows.find((r) => r.language.toLowerCase() === lang.toLowerCase() && r.kind === kind && r.channel === channel);
          templates.push(present({ kind, channel, language: lang }, row ?? null));
        }
      }
    }
    return { templates };
  }

  private async languagesInUse(): Promise<string[]> {
    const located = (await listLocations(this.db)).map((l) => canonicalLanguage(l.language)).filter((l): l is string => Boolean(l));
    return [DEFAULT_LANGUAGE, ...[...new Set(located)].filter((l) => l !== DEFAULT_LANGUAGE).sort()];
  }

  async get(params: TemplateParams): Promise<Template> {
    const key = { ...params, language: languageOf(params.language) };
    return present(key, await findTemplate(this.db, key));
  }

  async save(params: TemplateParams, input: WordingInput, updatedBy: string): Promise<Template> {
    const key = { ...params, language: languageOf(params.language) };
    checkWording(key.kind, key.channel, input);
    const wording = { subject: key.channel === 'sms' ? null : (input.subject ?? null), body: input.body };
    await saveTemplate(this.db, key, wording, updatedBy);
    return present(key, wording);
  }

  /** Back to the built-in wording: the admin's row goes (nothing to do when there is none). */
  async reset(params: TemplateParams): Promise<void> {
    await deleteTemplate(this.db, { ...params, language: languageOf(params.language) });
  }

  preview(params: TemplateParams & WordingInput): Previewed {
    const language = languageOf(params.language);
    checkWording(params.kind, params.channel, params);
    return preview(params.kind, params.channel, { subject: params.subject ?? null, body: params.body, language });
  }
}
