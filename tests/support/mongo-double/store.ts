/**
 * In-memory databases, collections and indexes.
 *
 * Each Collection keeps its documents in a Map keyed by the canonical form of
 * `_id`: Map iteration order is insertion order, which stands in for mongod's
 * "natural order", `_id` lookups and uniqueness are O(1), and replacing a
 * value keeps its position (as an in-place update does on a real server).
 *
 * Unique secondary indexes keep a Map from canonical index key to the owning
 * document's `_id` key, so E11000 checks stay cheap for thousands of documents.
 * Non-unique indexes are metadata only: queries always scan.
 *
 * Stored documents are owned by the store. Everything handed out must be
 * copied (see Collection.snapshot) and everything handed in must be a fresh
 * object the caller no longer uses.
 *
 * Long file: most of it is the Collection class, whose documents, unique
 * index keys and validator every write must keep in step; the Index key
 * generator it relies on and the small Database and Store are read with it.
 */
import { ObjectId, UUID } from 'bson';
import { collationKey } from './collation.js';
import { CursorRegistry } from './cursors.js';
import { CommandError, ErrorCodes } from './errors.js';
import { checkIdValue } from './idfield.js';
import { validateSchema } from './jsonschema.js';
import { compileFilter, type Matcher } from './query.js';
import { canonicalKey, collectPathValues, type Doc, deepClone, formatDoc, formatValue, isPlainObject } from './values.js';
import { evaluateView, type ViewDef, type ViewHost, viewWriteError } from './views.js';

export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  /** Expanded collation (collation.ts); unique keys compare strings by it. */
  collation?: Doc;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

interface IndexKey {
  key: string;
  values: unknown[];
}

export function duplicateKeyError(ns: string, index: IndexSpec, values: unknown[]): CommandError {
  const keyPattern = deepClone(index.key);
  const keyValue: Doc = {};
  Object.keys(index.key).forEach((field, i) => {
    keyValue[field] = values[i] ?? null;
  });
  return new CommandError(
    ErrorCodes.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: ${formatDoc(keyValue)}`,
    { keyPattern, keyValue },
  );
}

/** Runtime state of one secondary index. */
export class Index {
  readonly fields: string[];
  private readonly partial: Matcher | undefined;
  /** canonical index key -> canonical _id of the owning document (unique indexes only). */
  readonly owners = new Map<string, string>();

  constructor(public spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /**
   * Index keys for a document, like mongod's key generator: a missing field
   * is keyed as null, an array field produces one key per element (cartesian
   * product for compound indexes). Documents excluded by a partial filter, or
   * by `sparse` when none of the fields exist, produce no keys at all.
   */
  keysFor(doc: Doc): IndexKey[] {
    if (this.partial && !this.partial(doc)) return [];
    const perField = this.fields.map((f) => collectPathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return [];
    let combos: unknown[][] = [[]];
    for (const vals of perField) {
      const options = vals.length === 0 ? [null] : vals;
      combos = combos.flatMap((prefix) => options.map((v) => [...prefix, v]));
    }
    const collation = this.spec.collation;
    const keyOf = (v: unknown): string => canonicalKey(typeof v === 'string' ? collationKey(collation, v) : v);
    return combos.map((values) => ({ key: values.map(keyOf).join('|'), values }));
  }
}

export interface CollectionOptions extends Doc {
  validator?: Doc;
  validationLevel?: 'off' | 'strict' | 'moderate';
  validationAction?: 'error' | 'warn';
  /** Default collation of the collection's operations and indexes (expanded). */
  collation?: Doc;
  /** Set on views (see views.ts): the source namespace's collection name. */
  viewOn?: string;
  pipeline?: Doc[];
}

/** What a filter is evaluated with: the command's `let` and the effective collation. */
export interface MatchOptions {
  variables?: Doc | undefined;
  collation?: Doc | undefined;
}

export class Collection {
  readonly uuid = new UUID();
  readonly docs = new Map<string, Doc>();
  readonly indexes: Index[] = [];
  private validatorMatcher: Matcher | undefined;
  private _options: CollectionOptions = {};

  constructor(
    /** Mutable: renameCollection may move a collection to another database. */
    public db: Database,
    public name: string,
    options: CollectionOptions = {},
  ) {
    this.options = options;
  }

  get ns(): string {
    return `${this.db.name}.${this.name}`;
  }

  get options(): CollectionOptions {
    return this._options;
  }

  set options(options: CollectionOptions) {
    const validator = options.validator;
    this.validatorMatcher = isPlainObject(validator) && Object.keys(validator).length > 0 ? compileFilter(validator) : undefined;
    this._options = options;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Stored documents in natural order. Internal: never mutate or leak them. */
  refs(): Doc[] {
    return [...this.docs.values()];
  }

  /** Stored documents matching a filter (internal references). */
  match(filter: unknown, opts: MatchOptions = {}): Doc[] {
    // Fast path for the most common filter, `{_id: value}`: a Map lookup
    // instead of a scan (the double's only real "index"). Not with a
    // collation: "abc" may then equal a stored "ABC".
    if (!opts.collation && isPlainObject(filter) && Object.keys(filter).length === 1 && '_id' in filter) {
      const id = isPlainObject(filter._id) && Object.keys(filter._id).length === 1 && '$eq' in filter._id ? filter._id.$eq : filter._id;
      const isOperatorDoc = isPlainObject(id) && Object.keys(id).some((k) => k.startsWith('$'));
      if (!isOperatorDoc && !(id instanceof RegExp) && id !== null && id !== undefined) {
        const doc = this.docs.get(canonicalKey(id));
        return doc ? [doc] : [];
      }
    }
    const matches = compileFilter(filter, opts.variables, opts.collation);
    return this.refs().filter(matches);
  }

  /** Deep copies of matching documents, safe to hand out. */
  snapshot(filter?: unknown, opts: MatchOptions = {}): Doc[] {
    return this.match(filter, opts).map(deepClone);
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...this.indexes.map((i) => i.spec)].map(deepClone);
  }

  // ---- validation -------------------------------------------------------

  /**
   * Enforces the collection validator like mongod: validationLevel "off"
   * disables it, "moderate" skips updates to documents that were already
   * invalid, validationAction "warn" only logs (here: ignores).
   */
  validate(doc: Doc, previous?: Doc): void {
    const matches = this.validatorMatcher;
    if (!matches) return;
    const level = this.options.validationLevel ?? 'strict';
    if (level === 'off') return;
    if (previous && level === 'moderate' && !matches(previous)) return;
    if (matches(doc)) return;
    if ((this.options.validationAction ?? 'error') === 'warn') return;
    throw new CommandError(ErrorCodes.DocumentValidationFailure, 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id, details: this.describeFailure(doc) },
    });
  }

  /** A simplified version of mongod's validation error `details`. */
  private describeFailure(doc: Doc): Doc {
    const schema = this.options.validator?.$jsonSchema;
    if (!isPlainObject(schema)) return { operatorName: '$and', clausesNotSatisfied: [] };
    return {
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: validateSchema(schema, doc).map((f) => ({
        operatorName: f.keyword,
        propertyName: f.path,
        reason: f.detail,
      })),
    };
  }

  // ---- writes ------------------------------------------------------------

  /** Checks every unique index for `doc`, ignoring keys owned by `selfKey`. */
  private checkUnique(doc: Doc, selfKey: string): Array<[Index, IndexKey[]]> {
    const plan: Array<[Index, IndexKey[]]> = [];
    for (const index of this.indexes) {
      if (!index.unique) continue;
      const keys = index.keysFor(doc);
      for (const k of keys) {
        const owner = index.owners.get(k.key);
        if (owner !== undefined && owner !== selfKey) throw duplicateKeyError(this.ns, index.spec, k.values);
      }
      plan.push([index, keys]);
    }
    return plan;
  }

  private addKeys(plan: Array<[Index, IndexKey[]]>, idKey: string): void {
    for (const [index, keys] of plan) for (const k of keys) index.owners.set(k.key, idKey);
  }

  private removeKeys(doc: Doc, idKey: string): void {
    for (const index of this.indexes) {
      if (!index.unique) continue;
      for (const k of index.keysFor(doc)) if (index.owners.get(k.key) === idKey) index.owners.delete(k.key);
    }
  }

  /**
   * Inserts a document the caller hands over. Adds an ObjectId `_id` when
   * missing and moves `_id` first, as mongod does. Returns the stored doc.
   */
  insert(input: Doc, opts: { bypassValidation?: boolean } = {}): Doc {
    checkIdValue(input._id);
    const { _id = new ObjectId(), ...rest } = input;
    const doc: Doc = { _id, ...rest };
    if (!opts.bypassValidation) this.validate(doc);
    const idKey = canonicalKey(_id);
    if (this.docs.has(idKey)) throw duplicateKeyError(this.ns, ID_INDEX, [_id]);
    const plan = this.checkUnique(doc, idKey);
    this.addKeys(plan, idKey);
    this.docs.set(idKey, doc);
    return doc;
  }

  /** Replaces a stored document by a new version with the same `_id`. */
  replace(current: Doc, next: Doc, opts: { bypassValidation?: boolean } = {}): void {
    const idKey = canonicalKey(current._id);
    if (canonicalKey(next._id) !== idKey) {
      throw new CommandError(
        ErrorCodes.ImmutableField,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(next._id)}`,
      );
    }
    if (!opts.bypassValidation) this.validate(next, current);
    const plan = this.checkUnique(next, idKey);
    this.removeKeys(current, idKey);
    this.addKeys(plan, idKey);
    this.docs.set(idKey, next);
  }

  remove(doc: Doc): void {
    const idKey = canonicalKey(doc._id);
    this.removeKeys(doc, idKey);
    this.docs.delete(idKey);
  }

  // ---- indexes -----------------------------------------------------------

  findIndex(nameOrKey: unknown): Index | undefined {
    if (typeof nameOrKey === 'string') return this.indexes.find((i) => i.spec.name === nameOrKey);
    const wanted = canonicalKey(nameOrKey);
    return this.indexes.find((i) => canonicalKey(i.spec.key) === wanted);
  }

  /** Builds a secondary index over existing documents (E11000 if a unique build finds duplicates). */
  addIndex(spec: IndexSpec): void {
    const index = new Index(spec);
    if (index.unique) {
      for (const [idKey, doc] of this.docs) {
        for (const k of index.keysFor(doc)) {
          const owner = index.owners.get(k.key);
          if (owner !== undefined && owner !== idKey) {
            const dup = duplicateKeyError(this.ns, spec, k.values);
            throw new CommandError(
              dup.code,
              `Index build failed: ${this.uuid.toHexString()}: Collection ${this.ns} ( ${this.uuid.toHexString()} ) :: caused by :: ${dup.message}`,
              dup.extra,
            );
          }
          index.owners.set(k.key, idKey);
        }
      }
    }
    this.indexes.push(index);
  }

  dropIndex(index: Index): void {
    this.indexes.splice(this.indexes.indexOf(index), 1);
  }

  /** Deletes documents whose TTL-indexed date has expired; returns how many. */
  sweepExpired(now: number): number {
    let removed = 0;
    for (const index of this.indexes) {
      const seconds = index.spec.expireAfterSeconds;
      if (typeof seconds !== 'number' || index.fields.length !== 1) continue;
      const field = index.fields[0] as string;
      for (const doc of this.refs()) {
        if (index.keysFor(doc).length === 0) continue; // excluded by a partial filter
        // Like mongod: only Date values count; with an array, the earliest date.
        const dates = collectPathValues(doc, field).filter((v): v is Date => v instanceof Date);
        if (dates.length === 0) continue;
        const earliest = Math.min(...dates.map((d) => d.getTime()));
        if (earliest + seconds * 1000 <= now) {
          this.remove(doc);
          removed++;
        }
      }
    }
    return removed;
  }
}

export class Database implements ViewHost {
  readonly collections = new Map<string, Collection>();
  /** Views (views.ts) share the collections' namespace but hold no documents. */
  readonly views = new Map<string, ViewDef>();

  constructor(
    readonly store: Store,
    readonly name: string,
  ) {}

  get(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  view(name: string): ViewDef | undefined {
    return this.views.get(name);
  }

  /** Writes and index commands refuse views (166). */
  assertNotView(name: string): void {
    if (this.views.has(name)) throw viewWriteError(this.name, name);
  }

  /** Writes and createIndexes create collections implicitly, as in MongoDB. */
  getOrCreate(name: string): Collection {
    validateCollectionName(this.name, name);
    this.assertNotView(name);
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new Collection(this, name);
      this.collections.set(name, coll);
    }
    return coll;
  }

  collectionDocs(name: string): Doc[] {
    return this.collections.get(name)?.snapshot() ?? [];
  }

  /** Documents of a collection or view for $lookup / $unionWith / $graphLookup. */
  resolver = (name: string): Doc[] => (this.views.has(name) ? evaluateView(this, name) : this.collectionDocs(name));
}

export function validateCollectionName(db: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${db}.${String(name)}'`);
  }
  if (name.includes('$') || name.includes('\0')) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}

/** How often the TTL monitor runs. mongod's TTLMonitor runs every 60 s. */
export const TTL_SWEEP_INTERVAL_MS = 1000;

export class Store {
  readonly dbs = new Map<string, Database>();
  readonly cursors = new CursorRegistry();
  private ttlTimer: NodeJS.Timeout | undefined;

  db(name: string): Database {
    let db = this.dbs.get(name);
    if (!db) {
      db = new Database(this, name);
      this.dbs.set(name, db);
    }
    return db;
  }

  /**
   * Starts the TTL monitor. Real MongoDB deletes expired documents in a
   * background pass every 60 seconds, so expiry is only eventually applied;
   * the double sweeps every second so tests can observe TTL quickly. Code
   * must never rely on either timing.
   */
  startTtlMonitor(intervalMs = TTL_SWEEP_INTERVAL_MS): void {
    this.ttlTimer = setInterval(() => this.sweepExpired(), intervalMs);
    this.ttlTimer.unref();
  }

  sweepExpired(now = Date.now()): number {
    let removed = 0;
    for (const db of this.dbs.values()) for (const coll of db.collections.values()) removed += coll.sweepExpired(now);
    return removed;
  }

  close(): void {
    if (this.ttlTimer) clearInterval(this.ttlTimer);
    this.ttlTimer = undefined;
    this.cursors.clear();
  }
}
