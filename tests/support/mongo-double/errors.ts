/**
 * Server error shapes. The driver turns `{ ok: 0, errmsg, code, codeName }`
 * replies into MongoServerError and copies every extra field onto the error
 * (e.g. keyPattern/keyValue for E11000), so application code that inspects
 * `err.code` behaves the same against the double and a real server.
 *
 * Codes and names are taken from MongoDB's src/mongo/base/error_codes.yml.
 */
import type { Document } from 'bson';

export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  DollarPrefixedFieldName: 52,
  DocumentValidationFailure: 121,
  ViewDepthLimitExceeded: 165,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  MergeStageNoMatchingDocument: 13113,
  Location16866: 16866,
  Location16867: 16867,
  Location16868: 16868,
  Location17276: 17276,
  Location40414: 40414,
  Location40415: 40415,
  Location40600: 40600,
  Location40601: 40601,
  Location51132: 51132,
  Location51181: 51181,
  Location51183: 51183,
  DuplicateKey: 11000,
  Location40323: 40323,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

export function codeName(code: number): string {
  return NAMES[code] ?? 'UnknownError';
}

/**
 * An error a command handler throws to produce `{ ok: 0, ... }`.
 * `extra` fields (keyPattern, keyValue, errInfo, ...) are added to the reply.
 */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: codeName(this.code), ...this.extra };
  }

  /** Shape of one entry of a write command's `writeErrors` array. */
  toWriteError(index: number): Document {
    return { index, code: this.code, ...this.extra, errmsg: this.message };
  }
}

/**
 * Converts anything thrown while executing a command into a CommandError.
 * mingo reports bad queries/updates with plain Errors; map the messages that
 * have a well-known MongoDB equivalent, otherwise report BadValue.
 */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/immutable field '_id'/.test(message)) {
    return new CommandError(ErrorCodes.ImmutableField, message.replace(/\.$/, ''));
  }
  if (/would create a conflict/i.test(message)) {
    return new CommandError(ErrorCodes.ConflictingUpdateOperators, message.replace(/^u/, 'U'));
  }
  if (/Unknown update operator/i.test(message)) {
    const op = /'([^']+)'/.exec(message)?.[1] ?? '';
    return new CommandError(
      ErrorCodes.FailedToParse,
      `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  return new CommandError(ErrorCodes.BadValue, message);
}
