/**
 * Write commands: insert, update, delete, findAndModify.
 *
 * Batch semantics follow mongod: each statement succeeds or fails on its own;
 * failures are reported in `writeErrors` with the statement's index; with
 * `ordered: true` (the default) the batch stops at the first failure, with
 * `ordered: false` it carries on. The reply itself is `ok: 1` either way,
 * and the driver turns writeErrors into MongoServerError/MongoBulkWriteError.
 */
import { CommandError, ErrorCodes, toCommandError } from '../errors.js';
import { resolveLet } from '../letvars.js';
import { projectDocs, sortDocs } from '../query.js';
import type { Collection } from '../store.js';
import { applyUpdate, buildUpsertDocument, classifyUpdate } from '../update.js';
import { type Doc, deepClone, isPlainObject, sameDocument } from '../values.js';
import { viewWriteError } from '../views.js';
import { type CommandContext, checkHint, collectionArg, effectiveCollation, type Handler } from './context.js';

/**
 * Fields mongod's IDL parser accepts in one update / delete statement
 * (write_ops.idl, UpdateOpEntry / DeleteOpEntry, both strict). MongoDB 7.0
 * has no `sort` here: the driver sends it for updateOne/replaceOne with a
 * sort, and 7.0 refuses the whole command (8.0 added it).
 */
const STATEMENT_FIELDS: Record<string, Set<string>> = {
  update: new Set(['q', 'u', 'c', 'arrayFilters', 'hint', 'multi', 'upsert', 'upsertSupplied', 'collation']),
  delete: new Set(['q', 'limit', 'hint', 'collation']),
};

/** Parses every statement before any runs: one unknown field fails the command (40415). */
function checkStatements(command: 'update' | 'delete', list: Doc[]): void {
  const allowed = STATEMENT_FIELDS[command] as Set<string>;
  const field = command === 'update' ? 'updates' : 'deletes';
  for (const stmt of list) {
    if (!isPlainObject(stmt)) {
      throw new CommandError(ErrorCodes.TypeMismatch, `BSON field '${command}.${field}' is the wrong type, expected type 'object'`);
    }
    for (const key of Object.keys(stmt)) {
      if (!allowed.has(key))
        throw new CommandError(ErrorCodes.Location40415, `BSON field '${command}.${field}.${key}' is an unknown field.`);
    }
  }
}

/**
 * Writes to a view fail per statement with 166, as mongod reports them
 * (writeErrors): the first only when ordered, every one otherwise.
 */
function viewWriteErrors(ctx: CommandContext, name: string, count: number, ordered: boolean): Doc[] {
  const error = viewWriteError(ctx.db.name, name);
  return Array.from({ length: ordered ? Math.min(count, 1) : count }, (_, index) => error.toWriteError(index));
}

function statements(cmd: Doc, field: string): Doc[] {
  const value = cmd[field];
  if (!Array.isArray(value)) {
    throw new CommandError(ErrorCodes.FailedToParse, `BSON field '${Object.keys(cmd)[0]}.${field}' is missing but a required field`);
  }
  return value as Doc[];
}

/** Builds the reply of a write command from per-statement outcomes. */
function writeReply(fields: Doc, writeErrors: Doc[]): Doc {
  return writeErrors.length > 0 ? { ...fields, writeErrors } : fields;
}

const insert: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'insert');
  const docs = statements(cmd, 'documents');
  const ordered = cmd.ordered !== false;
  if (ctx.db.view(name)) return writeReply({ n: 0 }, viewWriteErrors(ctx, name, docs.length, ordered));
  const coll = ctx.db.getOrCreate(name);
  const bypassValidation = cmd.bypassDocumentValidation === true;
  let n = 0;
  const writeErrors: Doc[] = [];
  for (const [index, doc] of docs.entries()) {
    try {
      if (!isPlainObject(doc)) throw new CommandError(ErrorCodes.TypeMismatch, 'document to insert must be an object');
      coll.insert(doc, { bypassValidation });
      n++;
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeReply({ n }, writeErrors);
};

interface UpdateOutcome {
  n: number;
  nModified: number;
  upsertedId?: unknown;
  /** Set when a multi-update failed part-way; n/nModified count what was done. */
  error?: CommandError;
}

/** Executes one update statement ({q, u, multi, upsert, arrayFilters}). */
function runUpdateStatement(coll: Collection, stmt: Doc, ctx: CommandContext, cmd: Doc, variables: Doc | undefined): UpdateOutcome {
  const query = isPlainObject(stmt.q) ? stmt.q : {};
  const u = stmt.u;
  const multi = stmt.multi === true;
  const kind = classifyUpdate(u);
  if (multi && kind === 'replacement') {
    throw new CommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
  }
  const opts = {
    arrayFilters: Array.isArray(stmt.arrayFilters) ? (stmt.arrayFilters as Doc[]) : undefined,
    query,
    resolver: ctx.db.resolver,
    // `c`: the statement's own constants for pipeline updates, next to the command's `let`.
    variables: isPlainObject(stmt.c) ? { ...variables, ...stmt.c } : variables,
    collation: effectiveCollation(stmt.collation, coll),
  };
  const bypassValidation = cmd.bypassDocumentValidation === true;
  checkHint(coll, stmt.hint);
  let matched = coll.match(query, { variables: opts.variables, collation: opts.collation });
  if (!multi) matched = matched.slice(0, 1);

  if (matched.length === 0) {
    if (stmt.upsert !== true) return { n: 0, nModified: 0 };
    const doc = buildUpsertDocument(query, u, opts);
    coll.insert(doc, { bypassValidation });
    return { n: 1, nModified: 0, upsertedId: doc._id };
  }
  // Multi-updates are not atomic in MongoDB: documents updated before a
  // failure (e.g. E11000 on the third document) stay updated.
  let n = 0;
  let nModified = 0;
  for (const current of matched) {
    try {
      const next = applyUpdate(current, u, opts);
      if (!sameDocument(current, next)) {
        coll.replace(current, next, { bypassValidation });
        nModified++;
      } // else: mongod reports the no-op as matched, not modified
      n++;
    } catch (err) {
      return { n, nModified, error: toCommandError(err) };
    }
  }
  return { n, nModified };
}

const update: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'update');
  const list = statements(cmd, 'updates');
  checkStatements('update', list);
  const variables = resolveLet(cmd.let, 'update.let');
  const ordered = cmd.ordered !== false;
  if (ctx.db.view(name)) return writeReply({ n: 0, nModified: 0 }, viewWriteErrors(ctx, name, list.length, ordered));
  const coll = ctx.db.getOrCreate(name);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors: Doc[] = [];
  for (const [index, stmt] of list.entries()) {
    try {
      const outcome = runUpdateStatement(coll, stmt, ctx, cmd, variables);
      n += outcome.n;
      nModified += outcome.nModified;
      if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
      if (outcome.error) throw outcome.error;
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeReply(upserted.length > 0 ? { n, nModified, upserted } : { n, nModified }, writeErrors);
};

const deleteCommand: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'delete');
  const list = statements(cmd, 'deletes');
  checkStatements('delete', list);
  const variables = resolveLet(cmd.let, 'delete.let');
  const ordered = cmd.ordered !== false;
  if (ctx.db.view(name)) return writeReply({ n: 0 }, viewWriteErrors(ctx, name, list.length, ordered));
  const coll = ctx.db.get(name);
  let n = 0;
  const writeErrors: Doc[] = [];
  for (const [index, stmt] of list.entries()) {
    try {
      const limit = Number(stmt.limit ?? 0);
      if (limit !== 0 && limit !== 1) {
        throw new CommandError(ErrorCodes.FailedToParse, `The limit field in delete objects must be 0 or 1. Got ${limit}`);
      }
      if (!coll) continue;
      checkHint(coll, stmt.hint);
      let matched = coll.match(stmt.q ?? {}, { variables, collation: effectiveCollation(stmt.collation, coll) });
      if (limit === 1) matched = matched.slice(0, 1);
      for (const doc of matched) coll.remove(doc);
      n += matched.length;
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeReply({ n }, writeErrors);
};

/**
 * findAndModify: picks the first document matching `query` in `sort` order,
 * then removes or updates it (upserting if asked) and returns the document
 * before (`new: false`, the default) or after the change. Errors such as
 * E11000 are command errors here, not writeErrors.
 */
const findAndModify: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, Object.keys(cmd)[0] as string);
  const query = isPlainObject(cmd.query) ? cmd.query : {};
  const remove = cmd.remove === true;
  const hasUpdate = cmd.update !== undefined && cmd.update !== null;
  if (remove && hasUpdate) throw new CommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw new CommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  if (remove && cmd.upsert === true) throw new CommandError(ErrorCodes.FailedToParse, 'Cannot specify both upsert=true and remove=true');
  if (remove && cmd.new === true)
    throw new CommandError(
      ErrorCodes.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );

  const variables = resolveLet(cmd.let, 'findAndModify.let');
  const projection = cmd.fields;
  const project = (doc: Doc | null): Doc | null => (doc ? (projectDocs([deepClone(doc)], projection, query)[0] ?? null) : null);
  if (ctx.db.view(name)) throw viewWriteError(ctx.db.name, name);
  const coll = remove ? ctx.db.get(name) : ctx.db.getOrCreate(name);
  checkHint(coll, cmd.hint);
  const collation = effectiveCollation(cmd.collation, coll);
  const candidates = coll ? sortDocs(coll.match(query, { variables, collation }), cmd.sort, collation) : [];
  const current = candidates[0];

  if (remove) {
    if (!coll || !current) return { lastErrorObject: { n: 0 }, value: null };
    coll.remove(current);
    return { lastErrorObject: { n: 1 }, value: project(current) };
  }

  const target = coll as Collection;
  const opts = {
    arrayFilters: Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Doc[]) : undefined,
    query,
    resolver: ctx.db.resolver,
    variables,
    collation,
  };
  const bypassValidation = cmd.bypassDocumentValidation === true;
  if (current) {
    const next = applyUpdate(current, cmd.update, opts);
    if (!sameDocument(current, next)) target.replace(current, next, { bypassValidation });
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(cmd.new === true ? next : current) };
  }
  if (cmd.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
  const doc = buildUpsertDocument(query, cmd.update, opts);
  const stored = target.insert(doc, { bypassValidation });
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: stored._id },
    value: cmd.new === true ? project(stored) : null,
  };
};

export const writeCommands: Record<string, Handler> = {
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  findandmodify: findAndModify,
};
