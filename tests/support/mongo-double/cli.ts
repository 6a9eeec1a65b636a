/**
 * Runs the MongoDB test double as a standalone process, for manual testing or
 * for tools that need a server URL:
 *
 *   MONGO_DOUBLE_PORT=27018 tsx tests/support/mongo-double/cli.ts
 *
 * Prints one line with the URL and stops on SIGINT/SIGTERM. All data lives in
 * memory and is gone when the process exits.
 */
import { startMongoDouble } from './index.js';

const port = Number(process.env.MONGO_DOUBLE_PORT ?? 27018);
const double = await startMongoDouble({ port });
// Without directConnection, as the line is meant for humans and tools that
// append their own options; the double answers as a standalone either way.
console.log(`MongoDB test double listening on mongodb://127.0.0.1:${double.port}`);

let closing = false;
const shutdown = (): void => {
  if (closing) return;
  closing = true;
  void double.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
