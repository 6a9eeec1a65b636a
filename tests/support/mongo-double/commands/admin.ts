/**
 * Collection and database administration: create, collMod, drop,
 * dropDatabase, renameCollection, listCollections, listDatabases, dbStats,
 * collStats. The index commands are in indexes.ts.
 */
import { BSON } from 'bson';
import { normaliseCollation } from '../collation.js';
import { CommandError, ErrorCodes } from '../errors.js';
import { checkSchemaKeywords } from '../jsonschema.js';
import { compileFilter } from '../query.js';
import { Collection, type CollectionOptions, ID_INDEX, validateCollectionName } from '../store.js';
import { canonicalKey, type Doc, deepClone, formatDoc, isPlainObject } from '../values.js';
import { parseViewOptions, viewWriteError } from '../views.js';
import { collectionArg, type Handler, requireCollection } from './context.js';

/** Generic command fields that are not collection/index options. */
const ENVELOPE = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'writeConcern',
  'readConcern',
  'comment',
  '$readPreference',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
]);

function commandOptions(cmd: Doc): Doc {
  const out: Doc = {};
  const [first] = Object.keys(cmd);
  for (const [k, v] of Object.entries(cmd)) if (k !== first && !ENVELOPE.has(k)) out[k] = deepClone(v);
  return out;
}

/** Validates validator / validationLevel / validationAction like mongod. */
function checkValidationOptions(command: string, options: Doc): void {
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator)) {
      throw new CommandError(ErrorCodes.TypeMismatch, `'validator' option must be specified as an object`);
    }
    if (options.validator.$jsonSchema !== undefined) {
      try {
        checkSchemaKeywords(options.validator.$jsonSchema);
      } catch (err) {
        throw new CommandError(ErrorCodes.FailedToParse, (err as Error).message);
      }
    }
    compileFilter(options.validator); // unknown operators -> BadValue now, not at first insert
  }
  const enums: Array<[string, string[]]> = [
    ['validationLevel', ['off', 'strict', 'moderate']],
    ['validationAction', ['error', 'warn']],
  ];
  for (const [field, allowed] of enums) {
    const value = options[field];
    if (value !== undefined && !allowed.includes(String(value))) {
      throw new CommandError(
        ErrorCodes.BadValue,
        `Enumeration value '${String(value)}' for field '${command}.${field}' is not a valid value.`,
      );
    }
  }
}

const create: Handler = (cmd, ctx) => {
  const name = cmd.create;
  validateCollectionName(ctx.db.name, name);
  const options = commandOptions(cmd);
  if (options.viewOn !== undefined || options.pipeline !== undefined) return createView(ctx, name, options);
  checkValidationOptions('create', options);
  const collation = normaliseCollation(options.collation);
  if (collation) options.collation = collation;
  else delete options.collation;
  if (ctx.db.view(name)) throw new CommandError(ErrorCodes.NamespaceExists, `Namespace ${ctx.db.name}.${name} already exists`);
  const existing = ctx.db.get(name);
  if (existing) {
    // Since MongoDB 7.0 (SERVER-60064) create is idempotent when options match.
    if (canonicalKey(existing.options) === canonicalKey(options)) return {};
    throw new CommandError(ErrorCodes.NamespaceExists, `Collection ${existing.ns} already exists.`);
  }
  ctx.db.collections.set(name, new Collection(ctx.db, name, options as CollectionOptions));
  return {};
};

/** create {viewOn, pipeline, collation}: a view (views.ts). */
function createView(ctx: Parameters<Handler>[1], name: string, options: Doc): Doc {
  if (options.viewOn === undefined) throw new CommandError(ErrorCodes.BadValue, "'pipeline' requires 'viewOn' to also be specified");
  const def = parseViewOptions(ctx.db, name, options);
  const existing = ctx.db.view(name);
  if (existing && canonicalKey(existing) === canonicalKey(def)) return {};
  if (existing || ctx.db.get(name)) throw new CommandError(ErrorCodes.NamespaceExists, `Namespace ${ctx.db.name}.${name} already exists`);
  ctx.db.views.set(name, def);
  return {};
}

/** collMod: change validation settings or an index's TTL / hidden flag. */
const collMod: Handler = (cmd, ctx) => {
  const collName = collectionArg(cmd, 'collMod');
  if (ctx.db.view(collName)) throw viewWriteError(ctx.db.name, collName);
  const coll = requireCollection(ctx, collName);
  const options = commandOptions(cmd);
  checkValidationOptions('collMod', options);
  const reply: Doc = {};
  if (isPlainObject(options.index)) {
    const spec = options.index;
    const index = coll.findIndex(spec.name ?? spec.keyPattern);
    if (!index) throw new CommandError(ErrorCodes.IndexNotFound, `cannot find index ${formatDoc(spec)} for ns ${coll.ns}`);
    if (spec.expireAfterSeconds !== undefined) {
      reply.expireAfterSeconds_old = index.spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = spec.expireAfterSeconds;
      index.spec = { ...index.spec, expireAfterSeconds: Number(spec.expireAfterSeconds) };
    }
    if (spec.hidden !== undefined) {
      reply.hidden_old = index.spec.hidden === true;
      reply.hidden_new = spec.hidden === true;
      index.spec = { ...index.spec, hidden: spec.hidden === true };
    }
    delete options.index;
  }
  const next: Doc = { ...coll.options };
  for (const key of ['validator', 'validationLevel', 'validationAction']) if (key in options) next[key] = options[key];
  coll.options = next as CollectionOptions;
  return reply;
};

/** drop: since MongoDB 7.0 dropping a missing collection succeeds. */
const drop: Handler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'drop');
  if (ctx.db.views.delete(name)) return {};
  const coll = ctx.db.get(name);
  if (!coll) return {};
  ctx.db.collections.delete(name);
  return { nIndexesWas: coll.indexes.length + 1, ns: coll.ns };
};

const dropDatabase: Handler = (_cmd, ctx) => {
  ctx.store.dbs.delete(ctx.db.name);
  return { dropped: ctx.db.name };
};

/** renameCollection { renameCollection: "db.a", to: "db.b", dropTarget } on admin. */
const renameCollection: Handler = (cmd, ctx) => {
  if (ctx.db.name !== 'admin') {
    throw new CommandError(ErrorCodes.Unauthorized, 'renameCollection may only be run against the admin database.');
  }
  const split = (ns: unknown): [string, string] => {
    const s = String(ns);
    const dot = s.indexOf('.');
    if (dot <= 0) throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${s}'`);
    return [s.slice(0, dot), s.slice(dot + 1)];
  };
  const [fromDb, fromName] = split(cmd.renameCollection);
  const [toDb, toName] = split(cmd.to);
  validateCollectionName(toDb, toName);
  const source = ctx.store.db(fromDb);
  const coll = source.get(fromName);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, `Source collection ${fromDb}.${fromName} does not exist`);
  const target = ctx.store.db(toDb);
  if (target.get(toName)) {
    if (cmd.dropTarget !== true) throw new CommandError(ErrorCodes.NamespaceExists, 'target namespace exists');
    target.collections.delete(toName);
  }
  source.collections.delete(fromName);
  coll.db = target;
  coll.name = toName;
  target.collections.set(toName, coll);
  return {};
};

const listCollections: Handler = (cmd, ctx) => {
  const matches = compileFilter(cmd.filter);
  const collections: Doc[] = [...ctx.db.collections.values()].map((c) => ({
    name: c.name,
    type: 'collection',
    options: deepClone(c.options),
    info: { readOnly: false, uuid: c.uuid },
    idIndex: c.options.collation ? { ...deepClone(ID_INDEX), collation: deepClone(c.options.collation) } : deepClone(ID_INDEX),
  }));
  const views: Doc[] = [...ctx.db.views.entries()].map(([name, def]) => ({
    name,
    type: 'view',
    options: deepClone(def),
    info: { readOnly: true },
  }));
  const entries = [...collections, ...views]
    .filter(matches)
    .map((entry) => (cmd.nameOnly === true ? { name: entry.name, type: entry.type } : entry));
  const batchSize = isPlainObject(cmd.cursor) ? cmd.cursor.batchSize : undefined;
  return { cursor: ctx.store.cursors.open(`${ctx.db.name}.$cmd.listCollections`, entries, batchSize) };
};

function dataSize(coll: Collection): number {
  let size = 0;
  for (const doc of coll.refs()) size += BSON.calculateObjectSize(doc);
  return size;
}

/**
 * listDatabases: databases holding at least one collection, plus the admin,
 * config and local databases every real mongod has.
 */
const listDatabases: Handler = (cmd, ctx) => {
  const entries: Doc[] = [];
  const names = new Set(['admin', 'config', 'local']);
  for (const [name, db] of ctx.store.dbs) if (db.collections.size > 0) names.add(name);
  for (const name of [...names].sort()) {
    const db = ctx.store.dbs.get(name);
    const size = [...(db?.collections.values() ?? [])].reduce((sum, c) => sum + dataSize(c), 0);
    entries.push({ name, sizeOnDisk: Math.max(size, 4096), empty: false });
  }
  const matches = compileFilter(cmd.filter);
  const selected = entries.filter(matches);
  if (cmd.nameOnly === true) return { databases: selected.map((d) => ({ name: d.name })) };
  const totalSize = selected.reduce((sum, d) => sum + (d.sizeOnDisk as number), 0);
  return { databases: selected, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024) };
};

const dbStats: Handler = (_cmd, ctx) => {
  const colls = [...ctx.db.collections.values()];
  const objects = colls.reduce((n, c) => n + c.size, 0);
  const size = colls.reduce((n, c) => n + dataSize(c), 0);
  return {
    db: ctx.db.name,
    collections: colls.length,
    views: ctx.db.views.size,
    objects,
    avgObjSize: objects > 0 ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes: colls.reduce((n, c) => n + c.indexes.length + 1, 0),
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
  };
};

const collStats: Handler = (cmd, ctx) => {
  const coll = requireCollection(ctx, collectionArg(cmd, 'collStats'), `Collection [${ctx.db.name}.${String(cmd.collStats)}] not found.`);
  const size = dataSize(coll);
  return {
    ns: coll.ns,
    count: coll.size,
    size,
    avgObjSize: coll.size > 0 ? size / coll.size : 0,
    storageSize: size,
    nindexes: coll.indexes.length + 1,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries(coll.indexSpecs().map((s) => [s.name, 0])),
  };
};

export const adminCommands: Record<string, Handler> = {
  create,
  collMod,
  drop,
  dropDatabase,
  renameCollection,
  listCollections,
  listDatabases,
  dbStats,
  collStats,
};
