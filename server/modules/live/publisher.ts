// Publishes outbox events to Socket.IO. Fast path: routes call `publishSoon()` after a change
// commits. Crash path: a relay drains whatever is still unpublished every few seconds. Both
// claim an event (UPDATE … SET published_at WHERE published_at IS NULL) before emitting it, so
// whichever node or path gets there first publishes it, and nobody publishes it twice.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Database } from '../../../db/mysql.js';
import { doctors, outboxEvents, patients } from '../../../db/schema/index.js';
import { doctorDisplayName } from '../doctors/service.js';
import { boardView, doctorQueue, queueView } from '../scheduling/queue-service.js';
import { rooms } from './rooms.js';
import { Sequences } from './seq.js';

/** Events after which the queue (and so the board) looks different. */
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

interface EventRow {
  id: string;
  type: string;
  payload: unknown;
}

export class LivePublisher {
  readonly sequences: Sequences;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly io: Server,
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

  /** Publishes every unpublished event now; concurrent calls coalesce into one more pass. */
  publishSoon(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
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
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    for (;;) {
      const batch = await this.db
        .select({ id: outboxEvents.id, type: outboxEvents.type, payload: outboxEvents.payload })
        .from(outboxEvents)
        .where(isNull(outboxEvents.publishedAt))
        .orderBy(asc(outboxEvents.id))
        .limit(100);
      if (!batch.length) return;
      for (const event of batch) {
        const [claim] = await this.db
          .update(outboxEvents)
          .set({ publishedAt: new Date() })
          .where(and(eq(outboxEvents.id, event.id), isNull(outboxEvents.publishedAt)));
        if (claim.affectedRows === 1) await this.publish(event);
      }
      if (batch.length < 100) return;
    }
  }

  private async publish(event: EventRow): Promise<void> {
    const p = event.payload as {
      doctorId?: string;
      locationId?: string;
      appointmentId?: string;
      ticket?: string | null;
      patientId?: string;
    };
    if (!QUEUE_EVENTS.has(event.type) || !p.doctorId) return;
    const [doctor] = await this.db.select().from(doctors).where(eq(doctors.id, p.doctorId));
    if (!doctor) return;
    // The visit's own location (a doctor may work at several), and the doctor's home board.
    const locationId = p.locationId ?? doctor.locationId;
    const boards = [...new Set([locationId, doctor.locationId])];

    // The waiting rooms first: they have the most sockets and the most people looking at them.
    for (const boardLocation of boards) {
      const board = await boardView(this.db, boardLocation);
      board.seq = await this.sequences.next('board', boardLocation);
      this.io.to(rooms.board(boardLocation)).emit('board:update', board);
    }

    const queue = await queueView(this.db, doctor.id);
    queue.seq = await this.sequences.next('queue', doctor.id);
    this.io.to(rooms.queue(doctor.id)).emit('queue:update', queue);

    if (event.type === 'appointment.called' && p.ticket) {
      this.io
        .to(rooms.board(locationId))
        .emit('board:call', { ticket: p.ticket, room: doctor.room, doctorName: doctorDisplayName(doctor) });
      if (p.patientId)
        await this.notifyPatient(p.patientId, {
          type: 'called',
          title: 'It is your turn',
          body: `Please go to room ${doctor.room}`,
          data: { ticket: p.ticket, room: doctor.room },
        });
    }
    await this.tellWaitingPatients(doctor.id);
  }

  /** Every waiting patient's own sockets learn their place and ETA; the first hears "you're next". */
  private async tellWaitingPatients(doctorId: string): Promise<void> {
    const { waiting, etas } = await doctorQueue(this.db, doctorId);
    for (const [i, w] of waiting.entries()) {
      const [row] = await this.db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, w.row.patientId));
      if (!row?.userId) continue;
      const position = { appointmentId: w.appointmentId, ticket: w.row.ticket, position: i + 1, etaMinutes: etas[i]! };
      this.io.to(rooms.user(row.userId)).emit('queue:position', position);
      // "You're next" once per visit, however often the queue changes after that.
      const firstTime =
        i === 0 && (await this.redis.set(`${this.prefix}:notified-next:${w.appointmentId}`, '1', 'EX', 86_400, 'NX')) === 'OK';
      if (firstTime) {
        this.io.to(rooms.user(row.userId)).emit('notification', {
          type: 'you_are_next',
          title: "You're next",
          body: 'Please stay close: you will be called shortly',
          data: { appointmentId: w.appointmentId, ticket: w.row.ticket },
        });
      }
    }
  }

  private async notifyPatient(
    patientId: string,
    notification: { type: string; title: string; body: string; data: Record<string, unknown> },
  ) {
    const [row] = await this.db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, patientId));
    if (row?.userId) this.io.to(rooms.user(row.userId)).emit('notification', notification);
  }
}
