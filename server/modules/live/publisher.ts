// Publishes outbox events to Socket.IO. Fast path: routes call `publishSoon()` after a change
// commits. Crash path: a relay drains whatever is still unpublished every few seconds.
// Delivery is a lease: a node claims an event (claimed_at) before building and emitting it, and
// marks it published only once emitted. A publish that fails gives the claim back at once; one
// whose node died is taken over when the claim is older than CLAIM_LEASE_MS. Clients keep the
// newest seq and ignore older ones, so the rare repeat after a takeover changes nothing.
//
// Sequence numbers are taken *before* the view is built: whoever holds the higher seq built its
// view later, after every event with a lower seq had committed, so the highest seq always
// carries the newest view, however publishers on several nodes interleave.
//
// The boards go first and alone: an event's board (one statement, queue-service.ts boardView) is
// emitted in the drain itself, and the rest of the event (the doctor's queue, patients' places,
// notices) runs afterwards on one chain of its own, in event order, after which the event is
// marked published. So the next check-in's board never waits behind the previous one's queue and
// position work. Each board is emitted once to the location's room: Socket.IO encodes a broadcast
// once per node (one pre-built WebSocket frame written to every socket of the room), and the
// adapter carries it to the other nodes once.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { decodeTime } from 'ulid';
import type { Database } from '../../../db/mysql.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { findDoctorRow } from '../doctors/repository.js';
import { doctorDisplayName } from '../doctors/service.js';
import { notifyUser } from '../inbox/notify.js';
import { claimableEvents, claimEvent, markPublished, markPublishedMany, releaseClaim } from '../outbox/repository.js';
import { patientLogin } from '../patients/repository.js';
import { doctorsWaitedForBy, locationsWithTicketsOf } from '../scheduling/appointments-repository.js';
import { todayFor } from '../scheduling/lifecycle.js';
import { boardView, doctorQueue, queueView } from '../scheduling/queue-service.js';
import { pharmacyLocationOf, pushPharmacyQueue } from './pharmacy-updates.js';
import { publishPrescriptionNotice } from './prescription-notices.js';
import { Sequences } from './seq.js';
import { ViewCache } from './views.js';

/** Events after which the queue (and so the board) looks different. */
const CLAIM_LEASE_MS = 30_000;

const QUEUE_EVENTS = new Set([
  'appointment.checked_in',
  'walk_in.checked_in',
  'appointment.called',
  'appointment.started',
  'appointment.completed',
  'appointment.cancelled',
  'appointment.no_show',
  'appointment.rescheduled',
  'appointment.call_undone',
  'doctor.delay_changed',
]);

/** Events after which a doctor's free slots look different. */
const CALENDAR_EVENTS = new Set(['appointment.booked', 'appointment.rescheduled', 'appointment.cancelled', 'appointment.no_show']);

interface EventRow {
  id: string;
  type: string;
  payload: unknown;
}

/** When a call was made: its outbox event's id is a ULID, whose time part is the commit's moment. */
const calledAtOf = (event: EventRow) => new Date(decodeTime(event.id)).toISOString();

export class LivePublisher {
  readonly sequences: Sequences;
  /** The newest board and queue views this node built, for subscribers (views.ts). */
  readonly views = {
    board: new ViewCache<Awaited<ReturnType<typeof boardView>>>(),
    queue: new ViewCache<Awaited<ReturnType<typeof queueView>>>(),
  };
  private draining: Promise<void> | null = null;
  private again = false;
  /** The rest of each published event (queue, positions, notices), one after another. */
  private rest: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly mongo: Db,
    private readonly prefix: string,
    private readonly io: HubEmitter,
    private readonly log: FastifyBaseLogger,
  ) {
    this.sequences = new Sequences(redis, prefix);
  }

  /** The relay: drains leftovers (a node that crashed between commit and publish) regularly. */
  startRelay(intervalMs = 2_000): void {
    this.timer = setInterval(() => this.publishSoon(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Publishes every unpublished event now; concurrent calls coalesce into one more pass. Resolves
   * once the events are wholly published (their rest included).
   */
  publishSoon(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining.then(() => this.settled());
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          await this.drainOnce();
        } while (this.again);
      } catch (err) {
        this.log.error({ err }, 'outbox publishing failed; the relay will retry');
      } finally {
        this.draining = null;
      }
    })();
    return this.draining.then(() => this.settled());
  }

  /** Waits until the chain of rests is done, including rests added while waiting. */
  private async settled(): Promise<void> {
    for (let seen = this.rest; ; seen = this.rest) {
      await seen;
      if (seen === this.rest) return;
    }
  }

  /** Runs an event's rest after the rests before it, then marks it published; a failure gives the claim back. */
  private afterwards(eventId: string, rest: () => Promise<void>): void {
    this.rest = this.rest.then(async () => {
      try {
        await rest();
        await markPublished(this.db, eventId);
      } catch (err) {
        this.log.error({ err, eventId }, 'publishing an event failed; it goes back to the outbox');
        await releaseClaim(this.db, eventId).catch(() => undefined);
      }
    });
  }

  private async drainOnce(): Promise<void> {
    for (;;) {
      const staleClaim = new Date(Date.now() - CLAIM_LEASE_MS);
      const batch = await claimableEvents(this.db, staleClaim, 100);
      if (!batch.length) return;
      // Pharmacy queues changed by this batch are pushed once each, after it (pharmacy-updates.ts);
      // their events are marked published only once that push went out.
      const pharmacies = new Set<string>();
      const waiting: string[] = [];
      // Events wholly published by their emit: marked together at the end of the pass.
      const emitted: string[] = [];
      const flushPharmacies = async () => {
        for (const locationId of pharmacies) await pushPharmacyQueue(this.db, this.sequences, this.io, locationId);
        pharmacies.clear();
        emitted.push(...waiting.splice(0));
      };
      for (const [i, event] of batch.entries()) {
        if (!(await claimEvent(this.db, event.id, staleClaim))) continue; // another node or pass has it
        try {
          const rest = await this.publish(event);
          const pharmacy = pharmacyLocationOf(event);
          if (pharmacy) {
            pharmacies.add(pharmacy);
            waiting.push(event.id);
          } else if (rest) this.afterwards(event.id, rest);
          else emitted.push(event.id);
        } catch (err) {
          this.log.error({ err, eventId: event.id }, 'publishing an event failed; it goes back to the outbox');
          await releaseClaim(this.db, event.id).catch(() => undefined);
          // The rest of the batch was claimed with it (claimableEvents): give it back now, not after the lease.
          for (const later of batch.slice(i + 1)) await releaseClaim(this.db, later.id).catch(() => undefined);
          await flushPharmacies().catch(() => undefined);
          await markPublishedMany(this.db, emitted).catch(() => undefined);
          throw err;
        }
      }
      try {
        await flushPharmacies();
      } catch (err) {
        this.log.error({ err }, 'pushing a pharmacy queue failed; its events go back to the outbox');
        for (const id of waiting) await releaseClaim(this.db, id).catch(() => undefined);
        await markPublishedMany(this.db, emitted).catch(() => undefined);
        throw err;
      }
      await markPublishedMany(this.db, emitted);
      if (batch.length < 100) return;
    }
  }

  /** Emits the event's boards (and call banner); returns the rest of its publishing, if any. */
  private async publish(event: EventRow): Promise<(() => Promise<void>) | undefined> {
    if (await publishPrescriptionNotice(this.db, this.mongo, this.io, event)) return;
    const p = event.payload as {
      doctorId?: string;
      locationId?: string;
      appointmentId?: string;
      ticket?: string | null;
      patientId?: string;
    };
    if (p.doctorId && CALENDAR_EVENTS.has(event.type))
      this.io.to(rooms.availability(p.doctorId)).emit('availability:changed', { doctorId: p.doctorId });
    // A nurse's triage changes only the doctor's queue (the visit's triagedAt) and the location's
    // triage list, not boards or positions.
    if (event.type === 'appointment.triaged' && p.doctorId) {
      if (p.locationId) this.io.to(rooms.triage(p.locationId)).emit('triage:changed', { locationId: p.locationId });
      await this.pushQueue(p.doctorId);
      return;
    }
    if (!QUEUE_EVENTS.has(event.type) || !p.doctorId) return;
    // The waiting rooms first: they have the most sockets and the most people looking at them.
    // The visit's board is pushed while the doctor is read (it does not depend on the doctor):
    // the read is off the way to the screens.
    const [doctor] = await Promise.all([findDoctorRow(this.db, p.doctorId), p.locationId ? this.pushBoard(p.locationId) : undefined]);
    if (!doctor) return;
    // Then the doctor's home board, and (for a delay) wherever they have patients queued today:
    // a doctor may work at several locations.
    const boards = new Set([doctor.locationId]);
    if (event.type === 'doctor.delay_changed') {
      for (const here of await locationsWithTicketsOf(this.db, doctor.id, await todayFor(this.db, doctor.id, new Date()))) boards.add(here);
    }
    if (p.locationId) boards.delete(p.locationId);
    for (const locationId of boards) await this.pushBoard(locationId);
    const callLocation = p.locationId ?? doctor.locationId;
    const called = event.type === 'appointment.called' && p.ticket ? p.ticket : null;
    if (called)
      this.io
        .to(rooms.board(callLocation))
        .emit('board:call', { ticket: called, room: doctor.room, doctorName: doctorDisplayName(doctor), calledAt: calledAtOf(event) });

    return async () => {
      await this.pushQueue(doctor.id);
      if (called && p.patientId)
        await this.notifyPatient(p.patientId, `outbox:${event.id}`, {
          type: 'called',
          title: 'It is your turn',
          body: `Please go to room ${doctor.room}`,
          data: { ticket: called, room: doctor.room },
        });
      await this.tellWaitingPatients(doctor.id);
    };
  }

  /**
   * What screens show changed outside the queue (a location's initials setting; a doctor's name,
   * room, visit length or active flag): its boards again, at a new seq, so that no screen and no
   * node's cache keeps the old one (a re-subscribe is answered from the cache while the seq stands).
   */
  async refreshBoards(of: { locationId?: string; doctorId?: string }): Promise<void> {
    const boards = new Set<string>();
    if (of.locationId) boards.add(of.locationId);
    if (of.doctorId) {
      const doctor = await findDoctorRow(this.db, of.doctorId);
      if (doctor) {
        boards.add(doctor.locationId);
        for (const here of await locationsWithTicketsOf(this.db, doctor.id, await todayFor(this.db, doctor.id, new Date())))
          boards.add(here);
      }
    }
    for (const locationId of boards) await this.pushBoard(locationId);
  }

  /** The location's board to its room, once per node, at a seq taken before it is built. */
  private async pushBoard(locationId: string): Promise<void> {
    const seq = await this.sequences.next('board', locationId);
    const board = await boardView(this.db, locationId);
    this.views.board.put(locationId, seq, board);
    this.io.to(rooms.board(locationId)).emit('board:update', { ...board, seq });
    this.io.to(rooms.triage(locationId)).emit('triage:changed', { locationId });
  }

  private async pushQueue(doctorId: string): Promise<void> {
    const seq = await this.sequences.next('queue', doctorId);
    const queue = await queueView(this.db, doctorId);
    this.views.queue.put(doctorId, seq, queue);
    this.io.to(rooms.queue(doctorId)).emit('queue:update', { ...queue, seq });
  }

  /**
   * A patient who opens the portal (or reconnects) while waiting learns their place at once,
   * without waiting for the queue to move: sent to that one socket.
   */
  async tellPatientNow(patientId: string, socketId: string): Promise<void> {
    for (const doctorId of await doctorsWaitedForBy(this.db, patientId)) {
      const { waiting, etas } = await doctorQueue(this.db, doctorId);
      for (const [i, w] of waiting.entries()) {
        if (w.row.patientId !== patientId) continue;
        this.io
          .to(socketId)
          .emit('queue:position', { appointmentId: w.appointmentId, ticket: w.row.ticket, position: i + 1, etaMinutes: etas[i]! });
      }
    }
  }

  /** Every waiting patient's own sockets learn their place and ETA; the first hears "you're next". */
  private async tellWaitingPatients(doctorId: string): Promise<void> {
    const { waiting, etas } = await doctorQueue(this.db, doctorId);
    for (const [i, w] of waiting.entries()) {
      const row = { userId: w.userId };
      if (!row.userId) continue;
      const position = { appointmentId: w.appointmentId, ticket: w.row.ticket, position: i + 1, etaMinutes: etas[i]! };
      this.io.to(rooms.user(row.userId)).emit('queue:position', position);
      // "You're next" once per visit, however often the queue changes after that.
      const firstTime =
        i === 0 && (await this.redis.set(`${this.prefix}:notified-next:${w.appointmentId}`, '1', 'EX', 86_400, 'NX')) === 'OK';
      if (firstTime) {
        const notice = {
          type: 'you_are_next',
          title: "You're next",
          body: 'Please stay close: you will be called shortly',
          data: { appointmentId: w.appointmentId, ticket: w.row.ticket },
        };
        await notifyUser(this.io, this.mongo, row.userId, notice, { role: 'patient', key: `you_are_next:${w.appointmentId}` });
      }
    }
  }

  /** A notice to the patient's sockets and inbox; `key` keeps a re-published event from filing it twice. */
  private async notifyPatient(
    patientId: string,
    key: string,
    notification: { type: string; title: string; body: string; data: Record<string, unknown> },
  ) {
    const row = await patientLogin(this.db, patientId);
    if (row?.userId) await notifyUser(this.io, this.mongo, row.userId, notification, { role: 'patient', key });
  }
}
