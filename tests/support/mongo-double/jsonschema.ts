/**
 * A subset of MongoDB's `$jsonSchema` (draft 4 plus `bsonType`), enough for
 * collection validators used by the application:
 *   bsonType, type, required, properties, additionalProperties,
 *   patternProperties, enum, minLength, maxLength, pattern, minimum,
 *   maximum, exclusiveMinimum, exclusiveMaximum, items, minItems, maxItems,
 *   uniqueItems, minProperties, maxProperties, anyOf, allOf, oneOf, not.
 *
 * It is plugged into mingo as its `jsonSchemaValidator`, so `$jsonSchema`
 * works both inside validators (mixed with query operators) and in filters.
 *
 * Numeric BSON types: the wire layer promotes int32/int64/double to JS
 * numbers, so the original type is gone. We classify by value: "int" = an
 * integer within int32, "long" = any integer, "double" = any JS number. That
 * is looser than MongoDB for "double" (a real server stores the Node driver's
 * `5` as int32 and would reject it for bsonType "double").
 */
import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { compareValues, type Doc, isPlainObject } from './values.js';

export interface SchemaFailure {
  path: string;
  keyword: string;
  detail: string;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || v instanceof Long || v instanceof Decimal128;
}

/** Does `v` have BSON type `t` (MongoDB alias names)? */
function hasBsonType(v: unknown, t: string): boolean {
  switch (t) {
    case 'double':
      return typeof v === 'number';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
    case 'long':
      return (typeof v === 'number' && Number.isInteger(v)) || v instanceof Long;
    case 'decimal':
      return v instanceof Decimal128;
    case 'number':
      return isNumeric(v);
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'null':
      return v === null;
    case 'objectId':
      return v instanceof ObjectId;
    case 'date':
      return v instanceof Date;
    case 'binData':
      return v instanceof Binary;
    case 'regex':
      return v instanceof RegExp;
    case 'timestamp':
      return v instanceof Timestamp;
    default:
      return false;
  }
}

/** JSON Schema `type` keyword (JSON types, not BSON ones). */
function hasJsonType(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return isNumeric(v);
    case 'integer':
      return (typeof v === 'number' && Number.isInteger(v)) || v instanceof Long;
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return false;
  }
}

const asList = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);

function equalValues(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0 && (typeof a === typeof b || (isNumeric(a) && isNumeric(b)));
}

/** Validates `value` against `schema`, appending failures (empty = valid). */
export function validateSchema(schema: Doc, value: unknown, path = '', failures: SchemaFailure[] = []): SchemaFailure[] {
  const fail = (keyword: string, detail: string): void => {
    failures.push({ path: path || '(root)', keyword, detail });
  };

  if (schema.bsonType !== undefined && !asList(schema.bsonType).some((t) => hasBsonType(value, String(t)))) {
    fail('bsonType', `expected ${JSON.stringify(schema.bsonType)}`);
    return failures; // other keywords are meaningless on the wrong type
  }
  if (schema.type !== undefined && !asList(schema.type).some((t) => hasJsonType(value, String(t)))) {
    fail('type', `expected ${JSON.stringify(schema.type)}`);
    return failures;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => equalValues(e, value))) {
    fail('enum', 'value not in enum');
  }

  if (typeof value === 'string') {
    const length = [...value].length; // code points, like MongoDB
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail('minLength', `length ${length}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('maxLength', `length ${length}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern', 'no match');
  }

  if (isNumeric(value)) {
    const n = Number(value instanceof Long || value instanceof Decimal128 ? value.toString() : value);
    if (isNumeric(schema.minimum)) {
      const min = Number(schema.minimum);
      if (schema.exclusiveMinimum === true ? n <= min : n < min) fail('minimum', `${n}`);
    }
    if (isNumeric(schema.maximum)) {
      const max = Number(schema.maximum);
      if (schema.exclusiveMaximum === true ? n >= max : n > max) fail('maximum', `${n}`);
    }
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems', `${value.length}`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems', `${value.length}`);
    if (schema.uniqueItems === true) {
      const dup = value.some((x, i) => value.findIndex((y) => equalValues(x, y)) !== i);
      if (dup) fail('uniqueItems', 'duplicate items');
    }
    if (isPlainObject(schema.items)) {
      const itemSchema = schema.items;
      value.forEach((item, i) => {
        validateSchema(itemSchema, item, `${path}.${i}`, failures);
      });
    } else if (Array.isArray(schema.items)) {
      const tuple = schema.items as Doc[];
      value.forEach((item, i) => {
        const itemSchema = tuple[i];
        if (itemSchema) validateSchema(itemSchema, item, `${path}.${i}`, failures);
        else if (schema.additionalItems === false) fail('additionalItems', `item ${i}`);
        else if (isPlainObject(schema.additionalItems)) {
          validateSchema(schema.additionalItems, item, `${path}.${i}`, failures);
        }
      });
    }
  }

  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const child = (k: string): string => (path ? `${path}.${k}` : k);
    if (Array.isArray(schema.required)) {
      for (const k of schema.required as string[]) if (!(k in value)) fail('required', `missing ${k}`);
    }
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) fail('minProperties', '');
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) fail('maxProperties', '');
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    const patternProperties = isPlainObject(schema.patternProperties) ? schema.patternProperties : {};
    for (const k of keys) {
      let matched = false;
      const propSchema = properties[k];
      if (isPlainObject(propSchema)) {
        matched = true;
        validateSchema(propSchema, value[k], child(k), failures);
      }
      for (const [pattern, s] of Object.entries(patternProperties)) {
        if (new RegExp(pattern, 'u').test(k) && isPlainObject(s)) {
          matched = true;
          validateSchema(s, value[k], child(k), failures);
        }
      }
      if (!matched) {
        if (schema.additionalProperties === false) fail('additionalProperties', `unexpected ${k}`);
        else if (isPlainObject(schema.additionalProperties)) {
          validateSchema(schema.additionalProperties, value[k], child(k), failures);
        }
      }
    }
  }

  const passes = (s: unknown): boolean => isPlainObject(s) && validateSchema(s, value, path).length === 0;
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) if (isPlainObject(s)) validateSchema(s, value, path, failures);
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes)) fail('anyOf', 'no subschema matched');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(passes).length !== 1) fail('oneOf', 'not exactly one');
  if (isPlainObject(schema.not) && passes(schema.not)) fail('not', 'subschema matched');

  return failures;
}

const KEYWORDS = new Set([
  'bsonType',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'patternProperties',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'title',
  'description',
]);
/** Keywords mongod knows but rejects, plus ones it supports that the double does not. */
const UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id', 'dependencies', 'multipleOf']);

/**
 * Rejects schemas mongod would reject (unknown keywords), so a typo in a
 * validator fails at createCollection time against the double too. Throws
 * an Error whose message matches mongod's; callers map it to FailedToParse.
 */
export function checkSchemaKeywords(schema: unknown): void {
  if (!isPlainObject(schema)) throw new Error('$jsonSchema must be an object');
  for (const [key, value] of Object.entries(schema)) {
    if (UNSUPPORTED.has(key)) throw new Error(`$jsonSchema keyword '${key}' is not currently supported`);
    if (!KEYWORDS.has(key)) throw new Error(`Unknown $jsonSchema keyword: ${key}`);
    if (key === 'properties' || key === 'patternProperties') {
      if (!isPlainObject(value)) throw new Error(`$jsonSchema keyword '${key}' must be an object`);
      Object.values(value).forEach(checkSchemaKeywords);
    } else if (key === 'items' || key === 'additionalItems' || key === 'additionalProperties' || key === 'not') {
      if (isPlainObject(value)) checkSchemaKeywords(value);
      else if (Array.isArray(value)) value.forEach(checkSchemaKeywords);
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      if (!Array.isArray(value)) throw new Error(`$jsonSchema keyword '${key}' must be an array`);
      value.forEach(checkSchemaKeywords);
    }
  }
}

/** Adapter with the signature mingo's `jsonSchemaValidator` option expects. */
export function jsonSchemaPredicate(schema: Doc): (doc: unknown) => boolean {
  checkSchemaKeywords(schema);
  return (doc) => validateSchema(schema, doc).length === 0;
}
