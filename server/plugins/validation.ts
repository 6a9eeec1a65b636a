// Request validation. Bodies are validated strictly: no type coercion (a number is not a string,
// {"$gt": ""} is not a string) and unknown fields are refused, not silently dropped.
// Query strings and path params arrive as text, so that validator coerces ("20" → 20).
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IANAZone } from 'luxon';

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
}

export default fp(validationPlugin, { name: 'validation' });
