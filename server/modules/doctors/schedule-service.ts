// Weekly schedule rules and unavailability of a doctor. Rules are written in the location's
// local time; the scheduling module expands them into UTC slots with the location's zone.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { scheduleRules, unavailability } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode, notFound } from '../../errors.js';
import { assertLocationsExist } from '../locations/repository.js';
import type { DoctorsService } from './service.js';

export interface RuleInput {
  weekday: number;
  start: string;
  end: string;
  locationId: string;
  breaks?: { start: string; end: string }[];
}

const MAX_UNAVAILABILITY_MS = 366 * 86_400_000;

/** Rules must each run forwards and must not overlap on the same weekday, wherever they are. */
export function checkRules(rules: RuleInput[]): void {
  for (const [i, r] of rules.entries()) {
    if (r.start >= r.end) throw badRequest(`rules[${i}]: start must be before end`);
    for (const b of r.breaks ?? []) {
      if (b.start >= b.end || b.start < r.start || b.end > r.end)
        throw badRequest(`rules[${i}]: a break must lie inside ${r.start}-${r.end}`);
    }
  }
  const sorted = [...rules].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.weekday === cur.weekday && cur.start < prev.end) {
      throw new AppError(
        400,
        ErrorCode.SCHEDULE_OVERLAP,
        `Rules overlap on weekday ${cur.weekday} (${prev.start}-${prev.end} and ${cur.start}-${cur.end})`,
      );
    }
  }
}

const hhmm = (time: string) => time.slice(0, 5);

/** A time off runs forwards and lasts at most 366 days. */
export function checkTimeOff(startAt: Date, endAt: Date): void {
  if (!(startAt < endAt)) throw badRequest('startAt must be before endAt');
  if (endAt.getTime() - startAt.getTime() > MAX_UNAVAILABILITY_MS) throw badRequest('An unavailability may last at most 366 days');
}

const presentTimeOff = (r: typeof unavailability.$inferSelect) => ({
  id: r.id,
  doctorId: r.doctorId,
  startAt: r.startAt.toISOString(),
  endAt: r.endAt.toISOString(),
  reason: r.reason,
});

export class ScheduleService {
  constructor(
    private readonly db: Database,
    private readonly doctors: DoctorsService,
  ) {}

  /** Replaces the doctor's whole weekly schedule in one transaction. */
  async replace(doctorId: string, rules: RuleInput[]) {
    checkRules(rules);
    await this.doctors.assertExists(doctorId);
    await assertLocationsExist(
      this.db,
      rules.map((r) => r.locationId),
    );
    await transactionWithRetry(this.db, async (tx) => {
      await tx.delete(scheduleRules).where(eq(scheduleRules.doctorId, doctorId));
      if (rules.length) {
        await tx.insert(scheduleRules).values(
          rules.map((r) => ({
            doctorId,
            locationId: r.locationId,
            weekday: r.weekday,
            startTime: `${r.start}:00`,
            endTime: `${r.end}:00`,
            breaks: r.breaks ?? [],
          })),
        );
      }
    });
    return this.get(doctorId);
  }

  async get(doctorId: string) {
    await this.doctors.assertExists(doctorId);
    const rows = await this.db
      .select()
      .from(scheduleRules)
      .where(eq(scheduleRules.doctorId, doctorId))
      .orderBy(asc(scheduleRules.weekday), asc(scheduleRules.startTime));
    return {
      doctorId,
      rules: rows.map((r) => ({
        weekday: r.weekday,
        start: hhmm(r.startTime),
        end: hhmm(r.endTime),
        locationId: r.locationId,
        breaks: r.breaks ?? [],
      })),
    };
  }

  async addUnavailability(doctorId: string, input: { startAt: string; endAt: string; reason?: string }, createdBy: string) {
    const startAt = new Date(input.startAt);
    const endAt = new Date(input.endAt);
    checkTimeOff(startAt, endAt);
    await this.doctors.assertExists(doctorId);
    const reason = input.reason?.trim() || null;
    const [row] = await this.db.insert(unavailability).values({ doctorId, startAt, endAt, reason, createdBy }).$returningId();
    return { id: row!.id, doctorId, startAt: startAt.toISOString(), endAt: endAt.toISOString(), reason };
  }

  /** Current and future unavailability, soonest first. */
  async listUnavailability(doctorId: string) {
    await this.doctors.assertExists(doctorId);
    const rows = await this.db
      .select()
      .from(unavailability)
      .where(and(eq(unavailability.doctorId, doctorId), gt(unavailability.endAt, new Date())))
      .orderBy(asc(unavailability.startAt));
    return { unavailability: rows.map(presentTimeOff) };
  }

  /** One time off; 404 when there is none. */
  async getUnavailability(id: string) {
    const [row] = await this.db.select().from(unavailability).where(eq(unavailability.id, id));
    if (!row) throw notFound('Unavailability');
    return presentTimeOff(row);
  }

  /**
   * Moves, stretches or re-labels a time off (reason null: none). Visits already booked inside the
   * new range stay booked (POST /api/doctors/:id/unavailability/affected lists them beforehand);
   * only new bookings there are refused.
   */
  async updateUnavailability(id: string, input: { startAt?: string; endAt?: string; reason?: string | null }) {
    const current = await this.getUnavailability(id);
    const startAt = new Date(input.startAt ?? current.startAt);
    const endAt = new Date(input.endAt ?? current.endAt);
    checkTimeOff(startAt, endAt);
    const reason = input.reason === undefined ? undefined : input.reason?.trim() || null;
    await this.db.update(unavailability).set({ startAt, endAt, reason }).where(eq(unavailability.id, id));
    return this.getUnavailability(id);
  }

  /** Removes a time off: its time is bookable again. */
  async deleteUnavailability(id: string): Promise<void> {
    const [result] = await this.db.delete(unavailability).where(eq(unavailability.id, id));
    if (result.affectedRows !== 1) throw notFound('Unavailability');
  }
}
