/**
 * Read-only views (db.createCollection(name, {viewOn, pipeline})).
 *
 * As in mongod, a view stores no documents: every read runs the view's
 * pipeline over its source (a collection or another view) and then the
 * command itself; writes and index commands on a view fail with 166
 * CommandNotSupportedOnView. A view has a default collation (its own, or
 * the simple one) that an operation may not override (167).
 */
import { normaliseCollation } from './collation.js';
import { CommandError, ErrorCodes } from './errors.js';
import { type CollectionResolver, runPipeline, WRITE_STAGES } from './query.js';
import { canonicalKey, type Doc, isPlainObject } from './values.js';

export interface ViewDef {
  viewOn: string;
  pipeline: Doc[];
  /** Expanded collation, or undefined for simple. */
  collation?: Doc | undefined;
}

/** What a view needs from its database (implemented by store.ts's Database). */
export interface ViewHost {
  readonly name: string;
  view(name: string): ViewDef | undefined;
  /** Deep copies of a collection's documents ([] when it does not exist). */
  collectionDocs(name: string): Doc[];
  resolver: CollectionResolver;
}

/** mongod refuses views nested deeper than this (ViewDepthLimitExceeded). */
const MAX_VIEW_DEPTH = 20;

/** The documents a view yields (fresh copies). */
export function evaluateView(host: ViewHost, name: string, depth = 0): Doc[] {
  const def = host.view(name);
  if (!def) return host.collectionDocs(name);
  if (depth >= MAX_VIEW_DEPTH) {
    throw new CommandError(
      ErrorCodes.ViewDepthLimitExceeded,
      `View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`,
    );
  }
  const input = host.view(def.viewOn) ? evaluateView(host, def.viewOn, depth + 1) : host.collectionDocs(def.viewOn);
  return runPipeline(input, def.pipeline, host.resolver, undefined, def.collation);
}

/** 166, with mongod's message, for writes and index commands on a view. */
export function viewWriteError(db: string, name: string): CommandError {
  return new CommandError(ErrorCodes.CommandNotSupportedOnView, `Namespace ${db}.${name} is a view, not a collection`);
}

/** An operation on a view may not ask for another collation than the view's (167). */
export function checkViewCollation(def: ViewDef, requested: unknown): void {
  if (requested === undefined || requested === null) return;
  const wanted = normaliseCollation(requested);
  if (canonicalKey(wanted ?? null) !== canonicalKey(def.collation ?? null)) {
    throw new CommandError(ErrorCodes.OptionNotSupportedOnView, "Cannot override a view's default collation");
  }
}

/** Checks `create` options for a view and returns its definition. */
export function parseViewOptions(host: ViewHost, name: string, options: Doc): ViewDef {
  const { viewOn, pipeline = [] } = options;
  if (typeof viewOn !== 'string') {
    throw new CommandError(
      ErrorCodes.TypeMismatch,
      `BSON field 'create.viewOn' is the wrong type '${typeof viewOn}', expected type 'string'`,
    );
  }
  if (viewOn.length === 0) throw new CommandError(ErrorCodes.BadValue, "'viewOn' cannot be empty");
  if (!Array.isArray(pipeline)) {
    throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'create.pipeline' is the wrong type 'object', expected type 'array'");
  }
  for (const [i, stage] of pipeline.entries()) {
    const stageName = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (stageName && WRITE_STAGES.has(stageName)) {
      throw new CommandError(
        ErrorCodes.OptionNotSupportedOnView,
        `The aggregation stage ${stageName} in location ${i} of the pipeline cannot be used in the view definition of ${host.name}.${name} because it writes to disk`,
      );
    }
  }
  for (const key of Object.keys(options)) {
    if (key !== 'viewOn' && key !== 'pipeline' && key !== 'collation') {
      throw new CommandError(ErrorCodes.InvalidOptions, `option not supported on a view: ${key}`);
    }
  }
  const own = normaliseCollation(options.collation);
  const source = host.view(viewOn);
  // A view on a view must share its collation (mongod:
  // "View ... has conflicting collation with view ...").
  if (source && canonicalKey(own ?? null) !== canonicalKey(source.collation ?? null)) {
    throw new CommandError(
      ErrorCodes.OptionNotSupportedOnView,
      `View ${host.name}.${name} has conflicting collation with view ${host.name}.${viewOn}`,
    );
  }
  return { viewOn, pipeline: pipeline as Doc[], ...(own ? { collation: own } : {}) };
}
