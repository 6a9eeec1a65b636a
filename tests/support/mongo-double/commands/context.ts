/**
 * What every command handler receives. Handlers are synchronous: the store is
 * in memory, and running each command to completion before the next one
 * keeps a connection's replies in request order without any locking.
 */

import { normaliseCollation } from '../collation.js';
import { CommandError, ErrorCodes } from '../errors.js';
import { compileFilter } from '../query.js';
import { type Collection, type Database, ID_INDEX, type Store } from '../store.js';
import { canonicalKey, type Doc, isPlainObject } from '../values.js';
import { checkViewCollation, evaluateView } from '../views.js';

export interface CommandContext {
  store: Store;
  /** Database named by `$db` (OP_MSG) or the `db.$cmd` namespace (OP_QUERY). */
  db: Database;
  connectionId: number;
  /** Host and port clients connected to, for `hello.me`-like fields. */
  address: string;
  /** Number of open client connections (serverStatus). */
  connectionCount: () => number;
}

/** A handler returns the reply without `ok`; `ok: 1` is added by the dispatcher. */
export type Handler = (cmd: Doc, ctx: CommandContext) => Doc;

/** The collection name a command targets (value of its first field). */
export function collectionArg(cmd: Doc, name: string): string {
  const value = cmd[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError(
      ErrorCodes.InvalidNamespace,
      `collection name has invalid type ${value === undefined ? 'missing' : typeof value}`,
    );
  }
  return value;
}

/** Reads an optional non-negative integer option. */
export function intOption(cmd: Doc, name: string): number | undefined {
  const value = cmd[name];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new CommandError(ErrorCodes.TypeMismatch, `Field '${name}' should be numeric`);
  return n;
}

/**
 * mongod refuses a `hint` naming an index that does not exist; so does the
 * double, so a typo in a hint cannot pass here and fail in production.
 * (Hints never change results in the double: every query is a scan.)
 */
export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !coll) return;
  if (isPlainObject(hint) && (Object.keys(hint).length === 0 || '$natural' in hint)) return;
  if (hint === ID_INDEX.name || canonicalKey(hint) === canonicalKey(ID_INDEX.key)) return;
  if (coll.findIndex(hint)) return;
  throw new CommandError(ErrorCodes.BadValue, 'hint provided does not correspond to an existing index');
}

/** The named collection of the command's database; NamespaceNotFound (with `message`) when there is none. */
export function requireCollection(ctx: CommandContext, name: string, message = `ns does not exist: ${ctx.db.name}.${name}`): Collection {
  const coll = ctx.db.get(name);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, message);
  return coll;
}

/**
 * The collation an operation runs with: the one it asks for (even
 * `{locale: "simple"}`), else the collection's default collation.
 */
export function effectiveCollation(requested: unknown, coll: Collection | undefined): Doc | undefined {
  if (requested !== undefined && requested !== null) return normaliseCollation(requested);
  return coll?.options.collation;
}

export interface ReadResult {
  /** Matching documents; stored references for a collection: clone before handing out. */
  docs: Doc[];
  collation: Doc | undefined;
  coll: Collection | undefined;
}

/**
 * Documents of a collection or view matching `filter`, for the read
 * commands. A view is evaluated first (views.ts) and always reads with its
 * own collation; a missing namespace reads as empty, as in mongod.
 */
export function readMatching(
  ctx: CommandContext,
  name: string,
  filter: unknown,
  variables: Doc | undefined,
  requestedCollation: unknown,
): ReadResult {
  const view = ctx.db.view(name);
  if (view) {
    checkViewCollation(view, requestedCollation);
    const matches = compileFilter(filter, variables, view.collation);
    return { docs: evaluateView(ctx.db, name).filter(matches), collation: view.collation, coll: undefined };
  }
  const coll = ctx.db.get(name);
  const collation = effectiveCollation(requestedCollation, coll);
  return { docs: coll ? coll.match(filter, { variables, collation }) : [], collation, coll };
}
