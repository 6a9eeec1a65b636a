// What a patient's SMS reply does. The sender is found by their number in E.164 (patients' phones
// are stored that way), the text is a command (trimmed, any case):
//   C, CONFIRM, YES                      → confirm the soonest upcoming visit still `scheduled`
//   STOP, STOPALL, UNSUBSCRIBE, END, QUIT → no more SMS for every patient with that number
//   START, UNSTOP                        → SMS on again for them
// Anything else, an unknown number, or nothing to confirm is "ignored": the provider is answered
// 200 all the same, so it does not retry.
//
// Who confirms: the lifecycle's real transition runs with the patient as the actor, so the
// patient's own access rule (a patient may confirm their own visit) is what allows it and the
// outbox event `appointment.confirmed` is written in the same transaction as always. Its stamps
// (confirmedBy, the event's `by`) name the patient's login when they have one, as a confirmation
// in the portal would; a patient without a login has no user id, so those read SMS_ACTOR_ID.
import type { Redis } from 'ioredis';
import type { Database } from '../../../db/mysql.js';
import { AppError } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { toE164 } from '../patients/phone.js';
import { type PatientByPhone, patientsByPhone, setSmsNotifications } from '../patients/repository.js';
import { nextUnconfirmedVisit } from '../scheduling/appointments-repository.js';
import type { LifecycleService } from '../scheduling/lifecycle.js';
import type { SmsAction } from './schemas.js';

/** The actor id stamped on a visit confirmed by SMS by a patient who has no login. Never a real id (ids are ULIDs). */
export const SMS_ACTOR_ID = 'sms';

/** How long a provider's messageId is remembered, so a redelivery changes nothing. */
const DEDUPE_SECONDS = 86_400;

const COMMANDS: Record<string, 'confirm' | 'stop' | 'start'> = {
  C: 'confirm',
  CONFIRM: 'confirm',
  YES: 'confirm',
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  END: 'stop',
  QUIT: 'stop',
  START: 'start',
  UNSTOP: 'start',
};

export function commandOf(text: string): 'confirm' | 'stop' | 'start' | null {
  return COMMANDS[text.trim().toUpperCase()] ?? null;
}

export interface InboundSms {
  from: string;
  body: string;
  messageId?: string;
}

/** The answer to the provider: an action and at most a visit id, nothing clinical. */
export interface InboundResult {
  action: SmsAction;
  appointmentId?: string;
}

/** One record the message changed, for the audit log (never sent back to the provider). */
export interface SmsChange {
  targetType: 'appointments' | 'patients';
  targetId: string;
  actorId: string;
  before: unknown;
  after: unknown;
}

type Sender = PatientByPhone;

const IGNORED: InboundResult = { action: 'ignored' };

export class SmsInboundService {
  constructor(
    private readonly db: Database,
    private readonly lifecycle: LifecycleService,
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly defaultPhoneCountry: string,
  ) {}

  /**
   * Handles one message. With a messageId, a redelivery returns the first answer and does
   * nothing (a second "C" would otherwise confirm the next visit too).
   */
  async handle(sms: InboundSms, now = new Date()): Promise<{ result: InboundResult; changes: SmsChange[] }> {
    if (!sms.messageId) return this.act(sms, now);
    const key = `${this.redisPrefix}:sms:inbound:${sms.messageId}`;
    const claimed = await this.redis.set(key, 'pending', 'EX', DEDUPE_SECONDS, 'NX');
    if (claimed !== 'OK') {
      const earlier = await this.redis.get(key);
      // Still being handled by another delivery of the same message: nothing to add.
      return { result: earlier && earlier !== 'pending' ? (JSON.parse(earlier) as InboundResult) : IGNORED, changes: [] };
    }
    try {
      const outcome = await this.act(sms, now);
      await this.redis.set(key, JSON.stringify(outcome.result), 'EX', DEDUPE_SECONDS);
      return outcome;
    } catch (err) {
      await this.redis.del(key);
      throw err;
    }
  }

  private async act(sms: InboundSms, now: Date): Promise<{ result: InboundResult; changes: SmsChange[] }> {
    const command = commandOf(sms.body);
    const phone = toE164(sms.from, this.defaultPhoneCountry);
    if (!command || !phone) return { result: IGNORED, changes: [] };
    const senders: Sender[] = await patientsByPhone(this.db, phone);
    if (senders.length === 0) return { result: IGNORED, changes: [] };
    if (command === 'confirm') return this.confirm(senders, now);
    return this.setSms(senders, command === 'start');
  }

  /** Confirms the soonest future visit still `scheduled` of any patient with this number. */
  private async confirm(senders: Sender[], now: Date) {
    const visit = await nextUnconfirmedVisit(
      this.db,
      senders.map((s) => s.id),
      now,
    );
    const patient = visit && senders.find((s) => s.id === visit.patientId);
    if (!visit || !patient) return { result: IGNORED, changes: [] };
    const actor: UserPrincipal = {
      kind: 'user',
      role: 'patient',
      userId: patient.userId ?? SMS_ACTOR_ID,
      email: patient.email ?? '',
      firstName: patient.firstName,
      lastName: patient.lastName,
      patientId: patient.id,
      doctorId: null,
    };
    try {
      const confirmed = await this.lifecycle.confirm(actor, visit.id);
      const change: SmsChange = {
        targetType: 'appointments',
        targetId: visit.id,
        actorId: actor.userId,
        before: { status: 'scheduled' },
        after: { status: confirmed.status },
      };
      return { result: { action: 'confirmed' as const, appointmentId: visit.id }, changes: [change] };
    } catch (err) {
      // Cancelled or confirmed by someone else in the meantime: nothing left to do.
      if (err instanceof AppError && err.statusCode === 409) return { result: IGNORED, changes: [] };
      throw err;
    }
  }

  /** STOP / START: SMS off or on for every patient with the sender's number. */
  private async setSms(senders: Sender[], on: boolean) {
    const ids = senders.map((s) => s.id);
    await setSmsNotifications(this.db, ids, on);
    const changes: SmsChange[] = senders.map((s) => ({
      targetType: 'patients',
      targetId: s.id,
      actorId: s.userId ?? SMS_ACTOR_ID,
      before: { notificationPreferences: { sms: s.notifySms } },
      after: { notificationPreferences: { sms: on } },
    }));
    return { result: { action: on ? ('opted_in' as const) : ('opted_out' as const) }, changes };
  }
}
