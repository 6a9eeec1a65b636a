// Request validation. Bodies are validated strictly: no type coercion (a number is not a string,
// {"$gt": ""} is not a string) and unknown fields are refused, not silently dropped.
// Query strings and path params arrive as text, so that validator coerces ("20" → 20).
// JSON bodies must be UTF-8 (400 INVALID_JSON otherwise: Fastify's own parser would turn bad bytes
// into U+FFFD) and every string in them well-formed (400 VALIDATION_FAILED for a lone surrogate),
// checked by the JSON parser before any schema, with Fastify's body limit and poisoning checks.
import { isUtf8 } from 'node:buffer';
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IANAZone } from 'luxon';
import { AppError, badRequest, ErrorCode } from '../errors.js';
import { NOT_WELL_FORMED, SURROGATE_ESCAPE, wellFormedDeep } from '../http/well-formed.js';

// ajv-formats is CommonJS; its default export sits one level down under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats(ajv, ['email', 'date', 'date-time', 'time', 'uri', 'uuid']);
  ajv.addFormat('timezone', { type: 'string', validate: (value: string) => IANAZone.isValidZone(value) });
  return ajv;
}

async function validationPlugin(app: FastifyInstance) {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) return done(new AppError(400, ErrorCode.INVALID_JSON, 'The body is not valid UTF-8'), undefined);
    const text = bytes.toString('utf8');
    parseJson(request, text, (err, value) => {
      if (err) return done(err, undefined);
      if (SURROGATE_ESCAPE.test(text) && !wellFormedDeep(value)) return done(badRequest(NOT_WELL_FORMED), undefined);
      done(null, value);
    });
  });
}

export default fp(validationPlugin, { name: 'validation' });
