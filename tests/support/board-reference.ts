// The waiting-room board as it was built before issue 20: the location, its doctors, each
// doctor's queue (four queries each) and the recent calls, in five or more sequential queries.
// Kept as the reference the one-statement board (scheduling/board-repository.ts) is held equal to
// (tests/integration/live/board-view.test.ts) and measured against (bench/board-build.ts).
import { DateTime } from 'luxon';
import type { Database } from '../../db/mysql.js';
import { boardDoctors } from '../../server/modules/doctors/repository.js';
import { doctorDisplayName } from '../../server/modules/doctors/service.js';
import { getLocation } from '../../server/modules/locations/repository.js';
import { doctorsQueuedAt, recentCallsAt } from '../../server/modules/scheduling/appointments-repository.js';
import { doctorQueue, initials } from '../../server/modules/scheduling/queue-service.js';

/** The board builder before issue 20: five or more sequential queries. */
export async function referenceBoard(db: Database, locationId: string, now: Date) {
  const location = await getLocation(db, locationId);
  const today = DateTime.fromJSDate(now, { zone: location.timezone }).toISODate()!;
  const docs = await boardDoctors(db, locationId, await doctorsQueuedAt(db, locationId, today));
  const columns = await Promise.all(
    docs.map(async (d) => {
      const { doctor, serving, waiting, etas } = await doctorQueue(db, d.id, now, locationId);
      return {
        doctorId: d.id,
        name: doctorDisplayName(d),
        room: d.room,
        delayMinutes: doctor.delayMinutes,
        nowServing: serving[0] ? { ticket: serving[0].row.ticket ?? '' } : null,
        waiting: waiting.map((w, i) => ({
          ticket: w.row.ticket ?? '',
          etaMinutes: etas[i]!,
          patientLabel: location.boardShowsInitials ? initials(w.firstName, w.lastName) : null,
        })),
      };
    }),
  );
  const calls = await recentCallsAt(db, locationId, today, 5);
  return {
    locationId,
    seq: 0,
    generatedAt: now.toISOString(),
    doctors: columns,
    recentCalls: calls.map((r) => ({
      ticket: r.ticket ?? '',
      room: r.room,
      doctorName: doctorDisplayName(r),
      calledAt: r.calledAt!.toISOString(),
    })),
  };
}
