/**
 * Collations: string comparison by locale rules (ICU in mongod, Intl.Collator
 * here) for filters, sorts, distinct, unique index keys and `$expr`
 * comparisons.
 *
 * - `normaliseCollation` checks a spec like mongod's IDL parser and expands it
 *   to the full form mongod reports (listCollections, listIndexes).
 * - `stringCompare` turns a spec into a comparator (undefined for "simple").
 * - `collatedQueryOperators` / `collatedExpressionOperators` replace mingo's
 *   comparison operators; they use the collation passed in mingo's options
 *   and fall back to mingo's own operator when there is none.
 * - `collationKey` maps a string to a key equal for strings the collation
 *   calls equal, for unique index bookkeeping (approximate, see README).
 */
import { evalExpr } from 'mingo/core';
import * as expressionOperators from 'mingo/operators/expression';
import * as queryOperators from 'mingo/operators/query';
import type { ExpressionOperator, Options, QueryOperator } from 'mingo/types';
import { resolve } from 'mingo/util';
import { CommandError, ErrorCodes } from './errors.js';
import { compareValues, type Doc, isPlainObject, type StringCompare, typeRank } from './values.js';

const DEFAULTS: Doc = {
  caseLevel: false,
  caseFirst: 'off',
  strength: 3,
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
};
const ENUMS: Record<string, unknown[]> = {
  caseFirst: ['upper', 'lower', 'off'],
  alternate: ['non-ignorable', 'shifted'],
  maxVariable: ['punct', 'space'],
};

/**
 * Validates a collation and returns mongod's expanded form, or undefined for
 * none / `{locale: "simple"}` (binary comparison).
 */
export function normaliseCollation(spec: unknown): Doc | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) throw new CommandError(ErrorCodes.TypeMismatch, `collation must be an object`);
  if (Object.keys(spec).length === 0) return undefined;
  for (const key of Object.keys(spec)) {
    if (key !== 'locale' && key !== 'version' && !(key in DEFAULTS)) {
      throw new CommandError(ErrorCodes.Location40415, `BSON field '${key}' is an unknown field.`);
    }
  }
  if (typeof spec.locale !== 'string') {
    throw new CommandError(ErrorCodes.Location40414, "BSON field 'locale' is missing but a required field");
  }
  if (spec.locale === 'simple') return undefined;
  if (Intl.Collator.supportedLocalesOf(spec.locale).length === 0) {
    throw new CommandError(ErrorCodes.BadValue, `Field 'locale' is invalid in: { locale: "${spec.locale}" }`);
  }
  const strength = Number(spec.strength ?? 3);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) {
    throw new CommandError(ErrorCodes.BadValue, `Field 'strength' must be an integer 1 through 5. Got: ${String(spec.strength)}`);
  }
  for (const [field, allowed] of Object.entries(ENUMS)) {
    if (spec[field] !== undefined && !allowed.includes(spec[field])) {
      throw new CommandError(
        ErrorCodes.FailedToParse,
        `Field '${field}' must be one of ${allowed.join(', ')}. Got: ${String(spec[field])}`,
      );
    }
  }
  return { locale: spec.locale, ...DEFAULTS, ...spec, strength, version: '57.1' };
}

const SENSITIVITY: Record<number, 'base' | 'accent' | 'variant'> = { 1: 'base', 2: 'accent' };

/** String comparator for a collation; undefined means binary (simple). */
export function stringCompare(collation: unknown): StringCompare | undefined {
  if (!isPlainObject(collation) || typeof collation.locale !== 'string' || collation.locale === 'simple') return undefined;
  const strength = Number(collation.strength ?? 3);
  const collator = new Intl.Collator(collation.locale, {
    // Strength 1: base letters only; 2: accents too; 3+: case as well.
    sensitivity: SENSITIVITY[strength] ?? 'variant',
    numeric: collation.numericOrdering === true,
    caseFirst: collation.caseFirst === 'upper' || collation.caseFirst === 'lower' ? collation.caseFirst : 'false',
    ignorePunctuation: collation.alternate === 'shifted',
  });
  return (a, b) => collator.compare(a, b);
}

/**
 * A key equal for strings the collation treats as equal at its strength:
 * strength 1 ignores case and accents, strength 2 ignores case. Used for
 * unique index keys, where a hash key is needed instead of a comparator.
 */
export function collationKey(collation: Doc | undefined, value: string): string {
  if (!collation) return value;
  const strength = Number(collation.strength ?? 3);
  const locale = String(collation.locale);
  if (strength === 1) return value.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale);
  if (strength === 2) return value.toLocaleLowerCase(locale);
  return value.normalize('NFC');
}

// ---- operators ---------------------------------------------------------

type Relation = (c: number) => boolean;

function comparatorOf(options: Options): StringCompare | undefined {
  return stringCompare(options?.collation);
}

/** Values a field comparison looks at: the value, and for arrays each element. */
function candidates(lhs: unknown): unknown[] {
  return Array.isArray(lhs) ? [lhs, ...lhs] : [lhs];
}

function collatedEquals(lhs: unknown, rhs: unknown, strings: StringCompare): boolean {
  if (rhs instanceof RegExp) return candidates(lhs).some((v) => typeof v === 'string' && rhs.test(v));
  if (rhs === null || rhs === undefined) return lhs === null || lhs === undefined || (Array.isArray(lhs) && lhs.some((v) => v === null));
  return candidates(lhs).some((v) => v !== undefined && compareValues(v, rhs, strings) === 0);
}

/** A field query operator honouring options.collation, else mingo's own. */
function fieldOperator(mingoOperator: unknown, test: (lhs: unknown, rhs: unknown, s: StringCompare) => boolean): QueryOperator {
  const original = mingoOperator as (selector: string, value: unknown, options: Options) => (obj: unknown) => boolean;
  return ((selector: string, value: unknown, options: Options) => {
    const strings = comparatorOf(options);
    if (!strings) return original(selector, value, options);
    return (obj: unknown) => test(resolve(obj as Doc, selector, { unwrapArray: true }), value, strings);
  }) as QueryOperator;
}

function ordered(relation: Relation) {
  // Query comparisons only match values of the same BSON type ("type bracketing").
  return (lhs: unknown, rhs: unknown, s: StringCompare) =>
    (Array.isArray(lhs) ? lhs : [lhs]).some((v) => v !== undefined && typeRank(v) === typeRank(rhs) && relation(compareValues(v, rhs, s)));
}

const inList = (lhs: unknown, rhs: unknown, s: StringCompare): boolean => Array.isArray(rhs) && rhs.some((r) => collatedEquals(lhs, r, s));

export const collatedQueryOperators = {
  $eq: fieldOperator(queryOperators.$eq, collatedEquals),
  $ne: fieldOperator(queryOperators.$ne, (l, r, s) => !collatedEquals(l, r, s)),
  $in: fieldOperator(queryOperators.$in, inList),
  $nin: fieldOperator(queryOperators.$nin, (l, r, s) => !inList(l, r, s)),
  $gt: fieldOperator(
    queryOperators.$gt,
    ordered((c) => c > 0),
  ),
  $gte: fieldOperator(
    queryOperators.$gte,
    ordered((c) => c >= 0),
  ),
  $lt: fieldOperator(
    queryOperators.$lt,
    ordered((c) => c < 0),
  ),
  $lte: fieldOperator(
    queryOperators.$lte,
    ordered((c) => c <= 0),
  ),
};

/** An aggregation comparison ($expr) honouring options.collation, else mingo's own. */
function expressionOperator(mingoOperator: unknown, result: (c: number) => unknown): ExpressionOperator {
  const original = mingoOperator as (obj: unknown, expr: unknown, options: Options) => unknown;
  return ((obj: unknown, expr: unknown, options: Options) => {
    const strings = comparatorOf(options);
    if (!strings) return original(obj, expr, options);
    const [a, b] = evalExpr(obj, expr, options) as [unknown, unknown];
    // Aggregation comparisons order across types (no type bracketing).
    return result(compareValues(a ?? null, b ?? null, strings));
  }) as ExpressionOperator;
}

export const collatedExpressionOperators = {
  $eq: expressionOperator(expressionOperators.$eq, (c) => c === 0),
  $ne: expressionOperator(expressionOperators.$ne, (c) => c !== 0),
  $gt: expressionOperator(expressionOperators.$gt, (c) => c > 0),
  $gte: expressionOperator(expressionOperators.$gte, (c) => c >= 0),
  $lt: expressionOperator(expressionOperators.$lt, (c) => c < 0),
  $lte: expressionOperator(expressionOperators.$lte, (c) => c <= 0),
  $cmp: expressionOperator(expressionOperators.$cmp, (c) => Math.sign(c)),
};
