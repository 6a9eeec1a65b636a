/**
 * Handshake, session and diagnostic commands.
 *
 * The double presents itself as a standalone MongoDB 7.0 (maxWireVersion 21)
 * without compression, authentication or `topologyVersion`. Leaving out
 * `topologyVersion` makes the driver's monitor poll `hello` every
 * heartbeatFrequencyMS instead of holding a streaming (exhaust) hello open,
 * which the double does not implement.
 */
import os from 'node:os';
import { UUID } from 'bson';
import type { Handler } from './context.js';

export const SERVER_VERSION = '7.0.0';
const STARTED_AT = new Date();

const hello: Handler = (_cmd, ctx) => ({
  helloOk: true,
  isWritablePrimary: true,
  ismaster: true,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
});

const buildInfo: Handler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'mongo-double',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['inMemory'],
  modules: [],
  javascriptEngine: 'none',
  openssl: { running: 'disabled' },
});

/** Parameters drivers and tools commonly ask for; others are omitted. */
const PARAMETERS: Record<string, unknown> = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  logLevel: 0,
  maxBSONDepth: 200,
  transactionLifetimeLimitSeconds: 60,
};

const getParameter: Handler = (cmd) => {
  if (
    cmd.getParameter === '*' ||
    (typeof cmd.getParameter === 'object' && cmd.getParameter !== null && (cmd.getParameter as { allParameters?: unknown }).allParameters)
  ) {
    return { ...PARAMETERS };
  }
  const reply: Record<string, unknown> = {};
  for (const key of Object.keys(cmd)) if (key in PARAMETERS) reply[key] = PARAMETERS[key];
  return reply;
};

const hostInfo: Handler = () => ({
  system: {
    currentTime: new Date(),
    hostname: os.hostname(),
    cpuAddrSize: 64,
    memSizeMB: Math.round(os.totalmem() / 1024 / 1024),
    numCores: os.cpus().length,
    cpuArch: os.arch(),
  },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
});

const serverStatus: Handler = (_cmd, ctx) => {
  let collections = 0;
  for (const db of ctx.store.dbs.values()) collections += db.collections.size;
  return {
    host: os.hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor((Date.now() - STARTED_AT.getTime()) / 1000),
    uptimeMillis: Date.now() - STARTED_AT.getTime(),
    localTime: new Date(),
    connections: { current: ctx.connectionCount(), available: 1_000_000 },
    metrics: { cursor: { open: { total: ctx.store.cursors.openCount } } },
    storageEngine: { name: 'inMemory' },
    mongoDouble: { databases: ctx.store.dbs.size, collections },
  };
};

const ok: Handler = () => ({});

export const diagnosticCommands: Record<string, Handler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  hostInfo,
  serverStatus,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  startSession: () => ({ id: { id: new UUID() }, timeoutMinutes: 30 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  whatsmyuri: (_cmd, ctx) => ({ you: ctx.address }),
  getCmdLineOpts: () => ({ argv: ['mongod'], parsed: {} }),
  getLog: () => ({ totalLinesWritten: 0, log: [] }),
  logout: ok,
  getFreeMonitoringStatus: () => ({ state: 'disabled' }),
};
