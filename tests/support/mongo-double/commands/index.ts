/**
 * Command dispatch: looks the command up by its first field (as mongod does),
 * runs it, and turns thrown CommandErrors into `{ ok: 0, ... }` replies.
 */
import { CommandError, ErrorCodes, toCommandError } from '../errors.js';
import type { Store } from '../store.js';
import type { Doc } from '../values.js';
import { adminCommands } from './admin.js';
import type { CommandContext, Handler } from './context.js';
import { diagnosticCommands } from './diagnostic.js';
import { indexCommands } from './indexes.js';
import { readCommands } from './read.js';
import { writeCommands } from './write.js';

const HANDLERS: Record<string, Handler> = {
  ...diagnosticCommands,
  ...readCommands,
  ...writeCommands,
  ...adminCommands,
  ...indexCommands,
};

export interface ConnectionInfo {
  connectionId: number;
  address: string;
  connectionCount: () => number;
}

function checkDatabaseName(name: string): void {
  if (name.length === 0 || /[/\\. "$\0]/.test(name)) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${name}'`);
  }
}

export function runCommand(store: Store, dbName: string, command: Doc, conn: ConnectionInfo): Doc {
  const name = Object.keys(command)[0] ?? '';
  try {
    if ('$legacyQueryUnsupported' in command) {
      throw new CommandError(
        ErrorCodes.CommandNotSupported,
        'Unsupported OP_QUERY command: find. The client driver may require an upgrade.',
      );
    }
    // A standalone mongod has no transactions; this is its exact answer.
    if (command.startTransaction === true || command.autocommit === false || name === 'commitTransaction' || name === 'abortTransaction') {
      throw new CommandError(ErrorCodes.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) throw new CommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
    checkDatabaseName(dbName);
    const ctx: CommandContext = { store, db: store.db(dbName), ...conn };
    return { ...handler(command, ctx), ok: 1 };
  } catch (err) {
    return toCommandError(err).toReply();
  }
}
