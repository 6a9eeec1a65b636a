// POST /api/sms/inbound: patients' SMS replies, relayed by the SMS provider (docs/SMS.md).
// No bearer token: the call is authenticated by an HMAC of its raw body (signature.ts), so this
// plugin parses application/json itself and keeps the exact text that was signed. The parser is
// registered inside this plugin only; every other route keeps Fastify's own.
//
// Order of checks: headers, secret and timestamp before the body is read (onRequest); the HMAC
// over the raw body before it is parsed; then the strict body schema. Every refusal of the
// signature is 401 INVALID_SIGNATURE and changes nothing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../errors.js';
import { errors } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { LifecycleService } from '../scheduling/lifecycle.js';
import { SmsInboundService } from './inbound-service.js';
import { InboundSmsBody, InboundSmsResult, SignatureHeaders } from './schemas.js';
import { checkHeaders, signatureMatches } from './signature.js';

const refused = (reason: string) => new AppError(401, ErrorCode.INVALID_SIGNATURE, reason);

const smsInboundRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const secret = app.config.smsWebhookSecret;
  const service = new SmsInboundService(
    app.db,
    new LifecycleService(app.db),
    app.redis,
    app.config.redisPrefix,
    app.config.defaultPhoneCountry,
  );
  /** The signed timestamp and digest of each request, from onRequest to the body parser. */
  const signed = new WeakMap<FastifyRequest, { timestamp: string; digest: Buffer }>();
  /** Requests whose raw body has been checked against their signature. */
  const verified = new WeakSet<FastifyRequest>();

  function verify(request: FastifyRequest, rawBody: string): void {
    const sig = signed.get(request);
    if (!secret || !sig || !signatureMatches(secret, sig.timestamp, rawBody, sig.digest)) {
      throw refused('X-Clinic-Signature does not match the body');
    }
    verified.add(request);
  }

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json'); // the app's own (plugins/validation.ts), replaced in this scope
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      verify(request, body as string);
    } catch (err) {
      done(err as Error, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });

  app.post(
    '/api/sms/inbound',
    {
      config: auditCreates([]),
      schema: {
        tags: ['sms'],
        summary: "A patient's SMS reply, from the SMS provider",
        description:
          'Authenticated by HMAC, not by a bearer token: `X-Clinic-Timestamp` (unix seconds, within 5 minutes) and ' +
          '`X-Clinic-Signature: sha256=<hex HMAC-SHA256(SMS_WEBHOOK_SECRET, "<timestamp>.<raw body>")>`; anything else is ' +
          '401 INVALID_SIGNATURE. Replies: C / CONFIRM / YES confirm the soonest scheduled visit; STOP, STOPALL, ' +
          'UNSUBSCRIBE, END, QUIT turn SMS off; START, UNSTOP turn it on. Anything else is answered `ignored` (200).',
        headers: SignatureHeaders,
        body: InboundSmsBody,
        response: { 200: InboundSmsResult, ...errors(400, 401, 413, 415) },
      },
      bodyLimit: 16_384,
      onRequest: async (request) => {
        const check = checkHeaders(secret, request.headers);
        if (!check.ok) throw refused(check.reason);
        signed.set(request, { timestamp: check.timestamp, digest: check.digest });
      },
      // A call without a body never reached the parser: its signature is checked over "".
      preValidation: async (request) => {
        if (!verified.has(request)) verify(request, '');
      },
    },
    async (request) => {
      const { result, changes } = await service.handle(request.body);
      for (const change of changes) {
        await app.audit
          .record({
            action: `sms.${result.action}`,
            outcome: 'ok',
            actorId: change.actorId,
            actorRole: 'patient',
            targetType: change.targetType,
            targetId: change.targetId,
            statusCode: 200,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            requestId: request.id,
            before: change.before,
            after: change.after,
            // What an SMS changes: a visit's status or a patient's SMS preference, nothing else.
            keep: ['status', 'notificationPreferences'],
          })
          .catch((err) => request.log.error({ err }, 'could not write the audit entry'));
      }
      return result;
    },
  );
};

export default smsInboundRoutes;
