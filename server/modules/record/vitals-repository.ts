// Vital signs as a time series (db/schema/record.ts vital_signs): written by triage, by notes (one
// row per note, following its latest vitals) and directly; read for the chart's plot. Decimal
// columns come back from mysql2 as strings; they leave here as numbers.
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import { vitalSigns } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';
import type { VitalsPayload } from '../live/events.js';
import { userNames } from '../users/repository.js';

/** The measures a set of vitals may hold, with their units in the names. */
export const VITAL_MEASURES = [
  'temperatureC',
  'heartRate',
  'systolic',
  'diastolic',
  'respiratoryRate',
  'spo2',
  'weightKg',
  'heightCm',
] as const;
export type VitalMeasure = (typeof VITAL_MEASURES)[number];
export type Measures = Partial<Record<VitalMeasure, number>>;

type Row = typeof vitalSigns.$inferSelect;

export interface NewVitals {
  patientId: string;
  appointmentId: string | null;
  source: Row['source'];
  takenAt: Date;
  measures: Measures;
  recordedBy: string | null;
}

/** Whether at least one measure is given (a row without any is refused by a CHECK too). */
export const hasMeasure = (m: Measures) => VITAL_MEASURES.some((k) => typeof m[k] === 'number');

function columns(m: Measures) {
  const text = (v: number | undefined) => (v === undefined ? null : String(v));
  const int = (v: number | undefined) => (v === undefined ? null : Math.round(v));
  return {
    temperatureC: text(m.temperatureC),
    heartRate: int(m.heartRate),
    systolic: int(m.systolic),
    diastolic: int(m.diastolic),
    respiratoryRate: int(m.respiratoryRate),
    spo2: int(m.spo2),
    weightKg: text(m.weightKg),
    heightCm: text(m.heightCm),
  };
}

/** Stores one set of vitals; returns its id. */
export async function insertVitals(db: Reader, v: NewVitals): Promise<string> {
  const id = newId();
  await db.insert(vitalSigns).values({
    id,
    patientId: v.patientId,
    appointmentId: v.appointmentId,
    source: v.source,
    takenAt: v.takenAt,
    recordedBy: v.recordedBy,
    ...columns(v.measures),
  });
  return id;
}

/**
 * The vitals a note carries, as one row per note: written on the first save that has any, changed
 * by later versions, removed when a version drops them all. Returns the row's id, or null if none.
 */
export async function upsertNoteVitals(db: Reader, noteId: string, v: Omit<NewVitals, 'source'>): Promise<string | null> {
  if (!hasMeasure(v.measures)) {
    await db.delete(vitalSigns).where(eq(vitalSigns.noteId, noteId));
    return null;
  }
  const values = { ...columns(v.measures), takenAt: v.takenAt, recordedBy: v.recordedBy };
  await db
    .insert(vitalSigns)
    .values({ id: newId(), noteId, patientId: v.patientId, appointmentId: v.appointmentId, source: 'note', ...values })
    .onDuplicateKeyUpdate({ set: values });
  const [row] = await db.select({ id: vitalSigns.id }).from(vitalSigns).where(eq(vitalSigns.noteId, noteId));
  return row?.id ?? null;
}

/** A patient's vitals in a period: oldest first (for a plot), or newest first (for a list). */
export async function vitalsOf(
  db: Reader,
  patientId: string,
  filter: { from?: Date; to?: Date; limit: number; order: 'oldest' | 'newest' },
): Promise<VitalsPayload[]> {
  const rows = await db
    .select()
    .from(vitalSigns)
    .where(
      and(
        eq(vitalSigns.patientId, patientId),
        filter.from ? gte(vitalSigns.takenAt, filter.from) : undefined,
        filter.to ? lte(vitalSigns.takenAt, filter.to) : undefined,
      ),
    )
    .orderBy(filter.order === 'oldest' ? asc(vitalSigns.takenAt) : desc(vitalSigns.takenAt), asc(vitalSigns.id))
    .limit(filter.limit);
  return presentVitals(db, rows);
}

/** One stored set of vitals as the API and sockets carry it. */
export async function vitalsById(db: Reader, id: string): Promise<VitalsPayload | null> {
  const rows = await db.select().from(vitalSigns).where(eq(vitalSigns.id, id));
  return (await presentVitals(db, rows))[0] ?? null;
}

async function presentVitals(db: Reader, rows: Row[]): Promise<VitalsPayload[]> {
  const names = await userNames(
    db,
    rows.flatMap((r) => (r.recordedBy ? [r.recordedBy] : [])),
  );
  return rows.map((r) => {
    const out: VitalsPayload = {
      id: r.id,
      patientId: r.patientId,
      appointmentId: r.appointmentId,
      source: r.source,
      at: r.takenAt.toISOString(),
      recordedBy: r.recordedBy ? { id: r.recordedBy, name: names.get(r.recordedBy) ?? '' } : null,
    };
    for (const k of VITAL_MEASURES) {
      const v = r[k];
      if (v !== null && v !== undefined) out[k] = Number(v);
    }
    return out;
  });
}
