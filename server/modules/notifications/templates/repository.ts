// The notification_templates table, owned by the notifications module: an admin's wording per
// (kind, channel, language). No row is the built-in wording; deleting the row is "reset".
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type NotificationChannel, notificationTemplates, type TemplateKind } from '../../../../db/schema/index.js';
import type { Reader } from '../../../../db/transactions.js';

export type TemplateRow = typeof notificationTemplates.$inferSelect;

export interface TemplateKey {
  kind: TemplateKind;
  channel: NotificationChannel;
  /** Canonical BCP 47 (language.ts). */
  language: string;
}

const keyIs = (key: TemplateKey) =>
  and(
    eq(notificationTemplates.kind, key.kind),
    eq(notificationTemplates.channel, key.channel),
    eq(notificationTemplates.language, key.language),
  );

export function templatesInLanguages(db: Reader, languages: readonly string[]): Promise<TemplateRow[]> {
  if (!languages.length) return Promise.resolve([]);
  return db
    .select()
    .from(notificationTemplates)
    .where(inArray(notificationTemplates.language, [...languages]))
    .orderBy(asc(notificationTemplates.language), asc(notificationTemplates.kind), asc(notificationTemplates.channel));
}

export async function findTemplate(db: Reader, key: TemplateKey): Promise<TemplateRow | null> {
  const [row] = await db.select().from(notificationTemplates).where(keyIs(key));
  return row ?? null;
}

/** The admin's wordings of one kind and channel in any of these languages (the sender picks by preference). */
export function wordingsOf(db: Reader, kind: TemplateKind, channel: NotificationChannel, languages: readonly string[]) {
  return db
    .select({ language: notificationTemplates.language, subject: notificationTemplates.subject, body: notificationTemplates.body })
    .from(notificationTemplates)
    .where(
      and(
        eq(notificationTemplates.kind, kind),
        eq(notificationTemplates.channel, channel),
        inArray(notificationTemplates.language, [...languages]),
      ),
    );
}

/** Insert or replace the wording of (kind, channel, language): the unique key makes two saves one row. */
export async function saveTemplate(
  db: Reader,
  key: TemplateKey,
  wording: { subject: string | null; body: string },
  updatedBy: string,
): Promise<void> {
  await db
    .insert(notificationTemplates)
    .values({ ...key, ...wording, updatedBy })
    .onDuplicateKeyUpdate({ set: { subject: wording.subject, body: wording.body, updatedBy, updatedAt: new Date() } });
}

export async function deleteTemplate(db: Reader, key: TemplateKey): Promise<void> {
  await db.delete(notificationTemplates).where(keyIs(key));
}
