// Vital signs: a set recorded by the care team (a nurse at triage, or anyone of it directly), the
// series for the chart's plot, and a location's triage list. A nurse's set for a visit that is
// checked in or called is its triage: an `appointment.triaged` outbox event, written in the same
// transaction, makes the doctor's queue show it live (live/publisher.ts).
import { DateTime } from 'luxon';
import type { Static } from 'typebox';
import type { Database } from '../../../db/mysql.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { forbidden, invalidField, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { doctorDisplayName } from '../doctors/service.js';
import type { VitalsPayload } from '../live/events.js';
import { locationZone } from '../locations/repository.js';
import { appendEvent } from '../outbox/repository.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { triageVisitsAt } from '../scheduling/triage-repository.js';
import { locationsOfUser } from '../users/repository.js';
import { assertCanReadTriage } from './access.js';
import type { RecordService } from './service.js';
import { triageTimes } from './triage-repository.js';
import { hasMeasure, insertVitals, type Measures, VITAL_MEASURES, vitalsById, vitalsOf } from './vitals-repository.js';
import type { VitalsBody, VitalsQuery } from './vitals-schemas.js';

/** How far ahead of the server's clock a takenAt may be (a tablet's clock a little fast). */
const CLOCK_SKEW_MS = 2 * 60_000;
/** Visit states in which a nurse's vitals are the visit's triage: waiting, or called in. */
const TRIAGE_STATES = new Set(['checked_in', 'called']);

export class VitalsService {
  constructor(
    private readonly db: Database,
    private readonly record: RecordService,
  ) {}

  /** Stores one set; `triage` says whether it was a visit's triage (the doctor's queue changes). */
  async add(actor: UserPrincipal, patientId: string, body: Static<typeof VitalsBody>): Promise<{ vitals: VitalsPayload; triage: boolean }> {
    await this.record.assertWriter(actor, patientId, 'vitals');
    const measures: Measures = {};
    for (const k of VITAL_MEASURES) if (body[k] !== undefined) measures[k] = body[k];
    if (!hasMeasure(measures)) throw invalidField('vitals', `give at least one of ${VITAL_MEASURES.join(', ')}`);
    if (body.systolic !== undefined && body.diastolic !== undefined && body.diastolic >= body.systolic)
      throw invalidField('diastolic', 'must be below systolic');
    const now = new Date();
    const takenAt = body.takenAt ? new Date(body.takenAt) : now;
    if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalidField('takenAt', 'must not be in the future');

    const visit = body.appointmentId ? await loadAppointment(this.db, body.appointmentId) : null;
    // Another patient's visit is not this patient's: as if it did not exist.
    if (visit && visit.patientId !== patientId) throw notFound('Appointment');
    const triage = Boolean(visit && actor.role === 'nurse' && TRIAGE_STATES.has(visit.status));
    // A nurse triages the visits of the locations she works at, not another location's queue.
    if (triage && visit && !(await locationsOfUser(this.db, actor.userId)).includes(visit.locationId))
      throw forbidden('This visit is at a location you do not work at');

    const id = await transactionWithRetry(this.db, async (tx) => {
      const stored = await insertVitals(tx, {
        patientId,
        appointmentId: visit?.id ?? null,
        source: triage ? 'triage' : 'direct',
        takenAt,
        measures,
        recordedBy: actor.userId,
      });
      if (triage && visit)
        await appendEvent(tx, {
          type: 'appointment.triaged',
          aggregateType: 'appointment',
          aggregateId: visit.id,
          payload: { appointmentId: visit.id, doctorId: visit.doctorId, locationId: visit.locationId, patientId },
        });
      return stored;
    });
    return { vitals: (await vitalsById(this.db, id))!, triage };
  }

  /** The series, oldest first (for a plot). */
  async series(actor: UserPrincipal, patientId: string, reason: string | null, q: Static<typeof VitalsQuery>) {
    await this.record.relation(actor, patientId, reason);
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from > to) throw invalidField('from', 'must not be after to');
    return { vitals: await vitalsOf(this.db, patientId, { from, to, limit: q.limit ?? 500, order: 'oldest' }) };
  }

  /** Today's visits in the queue at a location, for its nurses (and admins). */
  async triageList(actor: UserPrincipal, locationId: string, now = new Date()) {
    const zone = await locationZone(this.db, locationId);
    await assertCanReadTriage(this.db, actor, locationId);
    const date = DateTime.fromJSDate(now, { zone }).toISODate()!;
    const rows = await triageVisitsAt(this.db, locationId, date);
    const triaged = await triageTimes(
      this.db,
      rows.map((r) => r.appointmentId),
    );
    return {
      locationId,
      date,
      visits: rows.map((r) => ({
        appointmentId: r.appointmentId,
        ticket: r.ticket,
        status: r.status,
        checkedInAt: r.checkedInAt?.toISOString() ?? null,
        patient: { id: r.patientId, name: `${r.patientFirstName} ${r.patientLastName}`, dateOfBirth: r.dateOfBirth },
        doctor: { id: r.doctorId, name: doctorDisplayName({ firstName: r.doctorFirstName, lastName: r.doctorLastName }) },
        triagedAt: triaged.get(r.appointmentId) ?? null,
      })),
    };
  }
}
