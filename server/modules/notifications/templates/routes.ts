// Notification templates (admin): GET /api/notification-templates, PUT and DELETE
// /api/notification-templates/:kind/:channel/:language, POST /api/notification-templates/preview.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bearer, errors } from '../../../http/schemas.js';
import { auditChanges, auditNothingChanges } from '../../audit/rules.js';
import { allow, userOf } from '../../auth/principal.js';
import {
  Preview,
  PreviewBody,
  TEMPLATE_AUDIT_FIELDS,
  Template,
  TemplateBody,
  TemplateList,
  TemplateListQuery,
  TemplateParams,
} from './schemas.js';
import { type TemplateParams as Params, TemplatesService } from './service.js';

const PLACEHOLDER_RULES =
  'Placeholders are {{name}} from the kind’s list (answered as placeholders by GET); {{#name}}…{{/name}} shows its part only ' +
  'when name has a value. 400 UNKNOWN_PLACEHOLDER (details.placeholder, details.allowed) for a name the kind does not have, ' +
  '400 VALIDATION_FAILED for malformed braces or a subject where the channel has none (SMS) or none where it has one, ' +
  '400 SMS_TOO_LONG (details.maxLength, details.length) for an SMS longer than 480 characters with long real values.';

const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new TemplatesService(app.db);
  const common = { tags: ['notifications'], security: bearer };
  /** The audit entry names the template: it has no id of its own in the URL. */
  const target = (request: FastifyRequest, p: Params) => {
    request.auditTarget = { type: 'notification-template', id: `${p.kind}/${p.channel}/${p.language}` };
  };
  const before = auditChanges(TEMPLATE_AUDIT_FIELDS, (params: Params) => service.get(params));

  app.get(
    '/api/notification-templates',
    {
      schema: {
        ...common,
        summary: 'Every kind × channel of notification, worded',
        description:
          'For the language asked for, or English and every location’s language: the admin’s wording, or the built-in one ' +
          '(isDefault: true). Messages use the wording in the patient’s preferred language, else the location’s, else English, ' +
          'else the built-in one.',
        querystring: TemplateListQuery,
        response: { 200: TemplateList, ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => service.list(request.query.language),
  );

  app.put(
    '/api/notification-templates/:kind/:channel/:language',
    {
      config: before,
      schema: {
        ...common,
        summary: 'Word one kind of message on one channel in one language',
        description: `The next message of that kind, channel and language uses it. ${PLACEHOLDER_RULES}`,
        params: TemplateParams,
        body: TemplateBody,
        response: { 200: Template, ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => {
      target(request, request.params);
      return service.save(request.params, request.body, userOf(request).userId);
    },
  );

  app.delete(
    '/api/notification-templates/:kind/:channel/:language',
    {
      config: before,
      schema: {
        ...common,
        summary: 'Reset a wording to the built-in one',
        params: TemplateParams,
        response: { 204: Type.Null({ description: 'Reset (also when it was the built-in one already)' }), ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => {
      target(request, request.params);
      await service.reset(request.params);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notification-templates/preview',
    {
      // Nothing changes, and the editor asks on every pause in typing: not an audit entry each time.
      config: auditNothingChanges(),
      schema: {
        ...common,
        summary: 'A wording rendered with a sample message, before it is saved',
        description: `Answers the subject (title; null for SMS), the text and, for email, the HTML part. ${PLACEHOLDER_RULES}`,
        body: PreviewBody,
        response: { 200: Preview, ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => {
      target(request, request.body);
      return service.preview(request.body);
    },
  );
};

export default templateRoutes;
