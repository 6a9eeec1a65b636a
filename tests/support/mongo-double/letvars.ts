/**
 * The `let` option of find, aggregate, update, delete and findAndModify:
 * user variables visible as `$$name` in `$expr` (filters), pipeline updates
 * and pipeline stages.
 *
 * mongod checks each name with Variables::uassertValidNameForUserWrite
 * (16866 empty, 16867 bad first character, 16868 bad character) and
 * evaluates each value as a constant aggregation expression when the command
 * is parsed, so `let: {total: {$add: [1, 2]}}` binds 3 and `$$NOW` works.
 */
import { evalExpr } from 'mingo/core';
import { CommandError, ErrorCodes } from './errors.js';
import { guard, mingoOptions } from './query.js';
import { type Doc, isPlainObject } from './values.js';

/** Variables::uassertValidNameForUserWrite. */
export function checkVariableName(name: string): void {
  if (name === 'CURRENT') return;
  if (name.length === 0) throw new CommandError(ErrorCodes.Location16866, 'empty variable names are not allowed');
  const first = name.charCodeAt(0);
  if (!((first >= 97 && first <= 122) || first >= 0x80)) {
    throw new CommandError(ErrorCodes.Location16867, `'${name}' starts with an invalid character for a user variable name`);
  }
  for (const ch of name.slice(1)) {
    if (!/[a-zA-Z0-9_]/.test(ch) && ch.charCodeAt(0) < 0x80) {
      throw new CommandError(ErrorCodes.Location16868, `'${name}' contains an invalid character for a variable name: '${ch}'`);
    }
  }
}

/**
 * Validates and evaluates a command's `let` document. Returns undefined
 * when there is none. `field` names the option in type errors
 * (e.g. "find.let"), as mongod's IDL parser does.
 */
export function resolveLet(value: unknown, field: string): Doc | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new CommandError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' is the wrong type '${Array.isArray(value) ? 'array' : typeof value}', expected type 'object'`,
    );
  }
  const out: Doc = {};
  for (const [name, expr] of Object.entries(value)) {
    checkVariableName(name);
    // Earlier variables are not visible to later ones, as in mongod.
    out[name] = guard(() => evalExpr({}, expr, mingoOptions() as never));
  }
  return out;
}
