// Feedback in the daily metrics: requests sent (MySQL notification_log) and feedback received with
// the mean rating per dimension (MongoDB through the driver, the double when MONGO_URL is unset),
// rolled up per location and local day, then served with the response rate and exact totals.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import {
  appointments,
  locationDailyMetrics,
  type NotificationChannel,
  type NotificationKind,
  type NotificationStatus,
  notificationLog,
} from '../../../db/schema/index.js';
import { type FeedbackStatus, feedbackCollection, type Ratings } from '../../../server/modules/feedback/store.js';
import { rollupDailyMetrics, rollupRange } from '../../../server/modules/metrics/rollup.js';
import { newBookingReference } from '../../../server/modules/scheduling/reference.js';
import { type Actor, bearer, createLocation, doctor, patient, staff } from '../../support/factories.js';
import { feedbackDoc } from '../../support/feedback.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let admin: Actor;
const places: Record<'berlin' | 'auckland', { id: string; doctorId: string; zone: string }> = {} as never;
let patientId: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await staff(hub, 'admin');
  patientId = (await patient(hub, false)).patientId!;
  for (const [key, zone] of [
    ['berlin', 'Europe/Berlin'],
    ['auckland', 'Pacific/Auckland'],
  ] as const) {
    const { id } = await createLocation(hub, zone);
    places[key] = { id, zone, doctorId: (await doctor(hub, id)).doctorId! };
  }
});
afterAll(() => hub.close());

interface VisitSpec {
  at?: 'berlin' | 'auckland';
  /** The visit's start (UTC) and its local day at the location (what the feedback module stores). */
  startAt: string;
  day: string;
  /** The feedback request's rows, by channel. */
  request?: Partial<Record<NotificationChannel, NotificationStatus>>;
  feedback?: { status: FeedbackStatus; ratings: Ratings };
  /** Other messages about the visit (they are not feedback requests). */
  other?: { kind: NotificationKind; status: NotificationStatus };
}

/** A completed visit written directly, its notification rows and its feedback document. */
async function visit(v: VisitSpec): Promise<string> {
  const place = places[v.at ?? 'berlin'];
  const id = newId();
  const startAt = new Date(v.startAt);
  await hub.app.db.insert(appointments).values({
    id,
    bookingReference: newBookingReference(),
    doctorId: place.doctorId,
    patientId,
    locationId: place.id,
    startAt,
    endAt: new Date(startAt.getTime() + 15 * 60_000),
    status: 'completed',
    startedAt: startAt,
    completedAt: new Date(startAt.getTime() + 10 * 60_000),
  });
  const rows = Object.entries(v.request ?? {}).map(([channel, status]) => ({ kind: 'feedback_request' as const, channel, status }));
  if (v.other) rows.push({ ...v.other, channel: 'email' } as (typeof rows)[number]);
  for (const r of rows) {
    await hub.app.db.insert(notificationLog).values({
      id: newId(),
      dedupeKey: `${id}|${r.kind}|${r.channel}`,
      appointmentId: id,
      patientId,
      kind: r.kind,
      startAt,
      channel: r.channel as NotificationChannel,
      dueAt: new Date(startAt.getTime() + 3 * 3_600_000),
      status: r.status as NotificationStatus,
      sentAt: r.status === 'sent' ? new Date(startAt.getTime() + 3 * 3_600_000) : null,
    });
  }
  if (v.feedback) {
    await feedbackCollection(hub.app.mongo.db).insertOne(
      feedbackDoc({
        appointmentId: id,
        patientId,
        doctorId: place.doctorId,
        locationId: place.id,
        visitAt: startAt,
        visitDay: v.day,
        ratings: v.feedback.ratings,
        status: v.feedback.status,
        listedFrom: startAt, // listed at once (a named entry), before any rollup of these days
      }),
    );
  }
  return id;
}

const rowsOf = async (place: 'berlin' | 'auckland') => {
  const rows = await hub.app.db.select().from(locationDailyMetrics).where(eq(locationDailyMetrics.locationId, places[place].id));
  return Object.fromEntries(rows.map((r) => [r.day, r]));
};
const feedbackOf = (row: { feedbackRequested: number; feedbackReceived: number; feedbackRatings: unknown } | undefined) =>
  row && { feedbackRequested: row.feedbackRequested, feedbackReceived: row.feedbackReceived, feedbackRatings: row.feedbackRatings };

// Berlin (CEST, +02:00) local days 10–12 June 2025, Auckland (NZST, +12:00) 13 June.
const SENT_BOTH = { email: 'sent', sms: 'sent' } as const;
let rejectLater: string;

describe('feedback in the daily metrics', () => {
  const rolledAt = new Date('2025-06-12T13:00:00.000Z'); // 15:00 in Berlin, 01:00 on the 13th in Auckland

  beforeAll(async () => {
    // 10 June: 5 visits asked (a request sent on one channel is enough), 3 answered.
    await visit({
      startAt: '2025-06-09T22:00:00.000Z', // local 00:00, the day's first instant
      day: '2025-06-10',
      request: SENT_BOTH, // two channels, one visit
      feedback: { status: 'approved', ratings: { overall: 5, waitTime: 4, communication: 5 } },
    });
    rejectLater = await visit({
      startAt: '2025-06-10T08:00:00.000Z',
      day: '2025-06-10',
      request: { email: 'sent', sms: 'failed' },
      feedback: { status: 'pending', ratings: { overall: 4, waitTime: 3 } },
    });
    // Given in the portal before the request went out (so none was sent): received, not requested.
    await visit({
      startAt: '2025-06-10T09:00:00.000Z',
      day: '2025-06-10',
      other: { kind: 'confirmation', status: 'sent' },
      feedback: { status: 'pending', ratings: { overall: 2, communication: 4, easeOfBooking: 5 } },
    });
    // Rejected feedback counts nowhere (else cleanliness would appear and every mean would drop); its request failed.
    await visit({
      startAt: '2025-06-10T10:00:00.000Z',
      day: '2025-06-10',
      request: { email: 'failed', sms: 'skipped' },
      feedback: { status: 'rejected', ratings: { overall: 1, waitTime: 1, cleanliness: 1 } },
    });
    await visit({ startAt: '2025-06-10T11:00:00.000Z', day: '2025-06-10', request: { email: 'sent' } });
    await visit({ startAt: '2025-06-10T12:00:00.000Z', day: '2025-06-10', request: { sms: 'sent' } });
    await visit({ startAt: '2025-06-10T13:00:00.000Z', day: '2025-06-10', request: { in_app: 'sending' } }); // not sent (yet)
    // 11 June: 3 asked, 1 answered; the last instant of the day (23:59:59.999 local).
    await visit({
      startAt: '2025-06-11T21:59:59.999Z',
      day: '2025-06-11',
      request: SENT_BOTH,
      feedback: { status: 'approved', ratings: { overall: 3, staffCourtesy: 2 } },
    });
    await visit({ startAt: '2025-06-11T08:00:00.000Z', day: '2025-06-11', request: { email: 'sent' } });
    await visit({ startAt: '2025-06-11T09:00:00.000Z', day: '2025-06-11', request: { email: 'sent' } });
    // 12 June: a visit, no request, no feedback.
    await visit({ startAt: '2025-06-12T08:00:00.000Z', day: '2025-06-12' });
    // Auckland, its local 13 June (12 June in UTC): its own location and day.
    await visit({
      at: 'auckland',
      startAt: '2025-06-12T12:30:00.000Z',
      day: '2025-06-13',
      request: { email: 'sent' },
      feedback: {
        status: 'approved',
        ratings: { overall: 1, waitTime: 2, communication: 1, staffCourtesy: 1, cleanliness: 2, easeOfBooking: 3 },
      },
    });
    await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, rolledAt, 3);
  });

  const DAY_10 = {
    feedbackRequested: 4,
    feedbackReceived: 3,
    // overall (5 + 4 + 2) / 3 = 3.666…; waitTime (4 + 3) / 2; communication (5 + 4) / 2; staffCourtesy and cleanliness: nobody.
    feedbackRatings: { overall: 3.67, waitTime: 3.5, communication: 4.5, easeOfBooking: 5 },
  };
  const DAY_11 = { feedbackRequested: 3, feedbackReceived: 1, feedbackRatings: { overall: 3, staffCourtesy: 2 } };
  const DAY_12 = { feedbackRequested: 0, feedbackReceived: 0, feedbackRatings: null };

  it('counts sent requests and pending or approved feedback per local day, with the mean of each dimension rated', async () => {
    const berlin = await rowsOf('berlin');
    expect(Object.keys(berlin).sort()).toEqual(['2025-06-10', '2025-06-11', '2025-06-12']);
    expect(feedbackOf(berlin['2025-06-10'])).toEqual(DAY_10);
    expect(feedbackOf(berlin['2025-06-11'])).toEqual(DAY_11);
    expect(feedbackOf(berlin['2025-06-12'])).toEqual(DAY_12);
    expect(berlin['2025-06-12']).toMatchObject({ appointments: 1, completed: 1 });
    const auckland = await rowsOf('auckland');
    expect(Object.keys(auckland).sort()).toEqual(['2025-06-11', '2025-06-12', '2025-06-13']);
    expect(feedbackOf(auckland['2025-06-13'])).toEqual({
      feedbackRequested: 1,
      feedbackReceived: 1,
      feedbackRatings: { overall: 1, waitTime: 2, communication: 1, staffCourtesy: 1, cleanliness: 2, easeOfBooking: 3 },
    });
    expect(feedbackOf(auckland['2025-06-12'])).toEqual(DAY_12);
  });

  it('serves the days with their response rate, and totals exact over the range', async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: `/api/locations/${places.berlin.id}/metrics?from=2025-06-09&to=2025-06-12`,
      headers: bearer(admin.token),
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const feedback = ({ feedbackRequested, feedbackReceived, responseRate, feedbackRatings }: Record<string, unknown>) => ({
      feedbackRequested,
      feedbackReceived,
      responseRate,
      feedbackRatings,
    });
    expect(body.days.map((d: Record<string, unknown>) => [d.day, feedback(d)])).toEqual([
      ['2025-06-10', { ...DAY_10, responseRate: 0.75 }],
      ['2025-06-11', { ...DAY_11, responseRate: 0.3333 }],
      ['2025-06-12', { ...DAY_12, responseRate: null }],
    ]);
    expect(feedback(body.totals)).toEqual({
      feedbackRequested: 7,
      feedbackReceived: 4,
      responseRate: 0.5714, // 4 / 7
      // Over the 4 feedback, not a mean of daily means: overall (5 + 4 + 2 + 3) / 4 = 3.5 (the days' stored means, (3.67 + 3) / 2, would give 3.34).
      feedbackRatings: { overall: 3.5, waitTime: 3.5, communication: 4.5, staffCourtesy: 2, easeOfBooking: 5 },
    });
    // A range without any feedback or visit: zeros and nulls.
    const empty = await hub.app.inject({
      method: 'GET',
      url: `/api/locations/${places.berlin.id}/metrics?from=2025-05-01&to=2025-05-02`,
      headers: bearer(admin.token),
    });
    expect(empty.statusCode).toBe(200);
    expect(feedback(empty.json().totals)).toEqual({ ...DAY_12, responseRate: null });
  });

  it('a rerun rewrites the same figures, and picks up a moderation', async () => {
    const strip = (rows: Record<string, { computedAt: Date }>) =>
      Object.fromEntries(Object.entries(rows).map(([day, { computedAt: _, ...r }]) => [day, r]));
    const before = strip(await rowsOf('berlin'));
    const later = new Date(rolledAt.getTime() + 15 * 60_000);
    await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, later, 3);
    expect(strip(await rowsOf('berlin'))).toEqual(before);
    expect(Object.values(await rowsOf('berlin')).every((r) => r.computedAt.getTime() === later.getTime())).toBe(true);

    // The pending feedback of 10 June is rejected: it leaves the count and the means.
    await feedbackCollection(hub.app.mongo.db).updateOne({ appointmentId: rejectLater }, { $set: { status: 'rejected' } });
    expect(await rollupRange(hub.app.db, hub.app.mongo.db, places.berlin.id, '2025-06-10', '2025-06-10', later)).toBe(1);
    const [row] = await hub.app.db
      .select()
      .from(locationDailyMetrics)
      .where(and(eq(locationDailyMetrics.locationId, places.berlin.id), eq(locationDailyMetrics.day, '2025-06-10')));
    expect(feedbackOf(row)).toEqual({
      feedbackRequested: 4,
      feedbackReceived: 2,
      feedbackRatings: { overall: 3.5, waitTime: 4, communication: 4.5, easeOfBooking: 5 },
    });
  });
});
