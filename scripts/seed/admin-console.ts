// What the admin console shows in the demo besides the clinic itself: the locations' opening hours,
// the doctors' profiles, a clinic's own wording of two notifications, a few items in the admin's
// inbox, and system log entries (a failed job, a refused webhook). Each is written once: found by
// its natural key (a doctor with a bio, a template's kind, channel and language, an inbox item's
// key, a log entry's event and message), so a second run of the seed changes nothing.
import { eq } from 'drizzle-orm';
import type { Db } from 'mongodb';
import type { Database } from '../../db/mysql.js';
import { locations } from '../../db/schema/index.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { addToInbox } from '../../server/modules/inbox/store.js';
import { findTemplate } from '../../server/modules/notifications/templates/repository.js';
import { TemplatesService } from '../../server/modules/notifications/templates/service.js';
import { record, systemLogs } from '../../server/modules/system-logs/store.js';
import { DEMO_INBOX, DEMO_SYSTEM_LOGS, DEMO_TEMPLATES, DOCTOR_PROFILES, OPENING_HOURS } from './admin-console-data.js';

type Progress = (step: string, done: number, total: number) => void;

export async function seedAdminConsole(
  db: Database,
  mongo: Db,
  ids: { locations: Map<string, string>; doctors: Map<string, string>; adminUserId: string },
  progress: Progress,
): Promise<number> {
  let created = 0;
  for (const [key, id] of ids.locations) {
    const [row] = await db.select({ openingHours: locations.openingHours }).from(locations).where(eq(locations.id, id));
    const hours = OPENING_HOURS[key];
    if (row && row.openingHours === null && hours) {
      await db.update(locations).set({ openingHours: hours }).where(eq(locations.id, id));
      created++;
    }
  }
  progress('opening hours', ids.locations.size, ids.locations.size);

  const doctorService = new DoctorsService(db);
  for (const [licence, profile] of Object.entries(DOCTOR_PROFILES)) {
    const id = ids.doctors.get(licence);
    if (!id || (await doctorService.get(id)).bio) continue;
    await doctorService.update(id, profile);
    created++;
  }
  progress('doctor profiles', Object.keys(DOCTOR_PROFILES).length, Object.keys(DOCTOR_PROFILES).length);

  const templates = new TemplatesService(db);
  for (const t of DEMO_TEMPLATES) {
    if (await findTemplate(db, t.key)) continue;
    await templates.save(t.key, t.wording, ids.adminUserId);
    created++;
  }
  progress('notification templates', DEMO_TEMPLATES.length, DEMO_TEMPLATES.length);

  for (const item of DEMO_INBOX) if ((await addToInbox(mongo, ids.adminUserId, item)).created) created++;
  progress('inbox', DEMO_INBOX.length, DEMO_INBOX.length);

  for (const entry of DEMO_SYSTEM_LOGS) {
    if (await systemLogs(mongo).countDocuments({ event: entry.event, message: entry.message }, { limit: 1 })) continue;
    if (await record(mongo, entry)) created++;
  }
  progress('system log', DEMO_SYSTEM_LOGS.length, DEMO_SYSTEM_LOGS.length);
  return created;
}
