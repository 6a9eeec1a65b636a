// Real receivers for the notification channels: an SMTP server (smtp-server) that keeps the raw
// messages it accepted, and an HTTP endpoint standing in for the SMS gateway. Plus a worker
// started in this process, on the same stores as a test hub, with test-sized timings, and walk-in
// visits taken through the API up to their completion (feedback requests).
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { type Config, loadConfig } from '../../server/config.js';
import { type ProcessorOptions, startProcessors } from '../../workers/processors.js';
import { type Actor, bearer, doctor } from './factories.js';
import type { TestHub } from './test-hub.js';

/** Resolves when `predicate` holds over the collected items, re-checked on every arrival. */
function collector<T>() {
  const items: T[] = [];
  const waiters: { predicate: (all: T[]) => boolean; resolve: () => void }[] = [];
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const w of [...waiters]) {
        if (w.predicate(items)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    until(predicate: (all: T[]) => boolean): Promise<T[]> {
      if (predicate(items)) return Promise.resolve(items);
      return new Promise((resolve) => waiters.push({ predicate, resolve: () => resolve(items) }));
    },
  };
}

export interface Mail {
  raw: string;
  headers: Record<string, string>;
  /** The whole message with quoted-printable soft breaks and escapes undone. */
  decoded: string;
  to: string;
  subject: string;
}

function parseMail(raw: string): Mail {
  const [head = ''] = raw.split(/\r?\n\r?\n/, 1);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const decoded = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return { raw, headers, decoded, to: headers.to ?? '', subject: headers.subject ?? '' };
}

export type SmtpMode = 'accept' | { failWith: number } | 'hold-first';

/** An SMTP server on a loopback port. `mode` decides how it answers the end of DATA. */
export async function smtpCatcher(initialMode: SmtpMode = 'accept') {
  const accepted = collector<Mail>();
  const held = collector<Mail>();
  let mode = initialMode;
  let refusals = 0;
  let pendingAnswer: (() => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        const mail = parseMail(raw);
        if (mode === 'hold-first') {
          // No answer until releaseHeld(): the sender waits for its 250 (and may be killed meanwhile).
          mode = 'accept';
          pendingAnswer = () => {
            accepted.push(mail);
            callback(null);
          };
          held.push(mail);
          return;
        }
        if (typeof mode === 'object') {
          refusals++;
          callback(Object.assign(new Error('refused by the test'), { responseCode: mode.failWith }));
          return;
        }
        accepted.push(mail);
        callback(null);
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails: accepted.items,
    untilMails: (predicate: (all: Mail[]) => boolean) => accepted.until(predicate),
    /** Holds the next message without an answer; resolves with it once it has arrived. */
    holdNext(): Promise<Mail> {
      const seen = held.items.length;
      mode = 'hold-first';
      return held.until((all) => all.length > seen).then((all) => all[seen] as Mail);
    },
    /** Answers the held message with 250 (it then counts as accepted). */
    releaseHeld() {
      pendingAnswer?.();
      pendingAnswer = null;
    },
    refusals: () => refusals,
    setMode(next: SmtpMode) {
      mode = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Sms {
  to: string;
  body: string;
  reference: string;
  headers: IncomingHttpHeaders;
}

/** The SMS gateway: records each POST and answers 202 (or `status`). */
export async function smsReceiver() {
  const received = collector<Sms>();
  let status = 202;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      if (status < 300) received.push({ ...(JSON.parse(body) as Omit<Sms, 'headers'>), headers: req.headers });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${received.items.length}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    messages: received.items,
    until: (predicate: (all: Sms[]) => boolean) => received.until(predicate),
    setStatus(next: number) {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A worker in this process; settings are the hub's environment plus `env`. */
export async function startWorker(hubEnv: Record<string, string>, env: Record<string, string> = {}, opts: ProcessorOptions = {}) {
  const config: Config = loadConfig({ ...hubEnv, ...env });
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const processors = await startProcessors(
    { config, connection, log: pino({ level: process.env.WORKER_LOG ?? 'silent' }) /* WORKER_LOG=debug to see it */ },
    { plannerEveryMs: 100, stalledIntervalMs: 1_000, ...opts },
  );
  return {
    config,
    async close() {
      await processors.close();
      await connection.quit();
    },
  };
}

/** ISO 8601 offset that makes a reminder for a visit at `startAt` fall due `inMs` from now. */
export function offsetDueIn(startAt: string, inMs: number, now = Date.now()): string {
  const seconds = Math.round((new Date(startAt).getTime() - now - inMs) / 1000);
  return `PT${seconds}S`;
}

/**
 * A walk-in of the patient with a doctor of its own (so queues never mix), at a clinic where it is
 * morning now (bookableClinic in zoneWhereItIsMorning's zone): checked in, waiting. A walk-in has
 * no confirmation or reminders, so the only messages it causes are the ones a test is about.
 */
export async function walkIn(
  hub: TestHub,
  clinic: { admin: Actor; receptionist: Actor; location: { id: string } },
  patientId: string,
  reason?: string,
) {
  const doc = await doctor(hub, clinic.location.id);
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: clinic.location.id }));
  const call = async (actor: Actor, url: string, payload: object = {}) => {
    const res = await hub.app.inject({ method: url.endsWith('schedule') ? 'PUT' : 'POST', url, headers: bearer(actor.token), payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
  await call(clinic.admin, `/api/doctors/${doc.doctorId}/schedule`, { rules });
  const { id } = await call(clinic.receptionist, '/api/walk-ins', {
    doctorId: doc.doctorId,
    patientId,
    allowDuplicate: true,
    ...(reason ? { reason } : {}),
  });
  return {
    id,
    doctorId: doc.doctorId as string,
    /** Called, started and completed by the doctor, through the API. */
    async complete() {
      await call(doc, `/api/doctors/${doc.doctorId}/queue/call-next`);
      await call(doc, `/api/appointments/${id}/start`);
      await call(doc, `/api/appointments/${id}/complete`);
    },
    cancel: () => call(clinic.receptionist, `/api/appointments/${id}/cancel`, { reason: 'Patient left' }),
    noShow: () => call(clinic.receptionist, `/api/appointments/${id}/no-show`),
  };
}
