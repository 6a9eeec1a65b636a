/**
 * MongoDB test double: a small in-memory server that speaks the MongoDB wire
 * protocol, so the official `mongodb` driver can be exercised end to end
 * without a MongoDB installation. Test tool only: production code must never
 * import it, and anything tested against it must also pass against a real
 * MongoDB (tests use MONGO_URL when it is set). See README.md for what is
 * and is not supported.
 *
 *   const mongo = await startMongoDouble();
 *   const client = new MongoClient(mongo.url);
 *   ...
 *   await client.close();
 *   await mongo.close();
 */
import { MongoDoubleServer } from './server.js';

export interface MongoDouble {
  /** e.g. mongodb://127.0.0.1:PORT/?directConnection=true */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a double; port 0 or undefined picks a random free port. */
export async function startMongoDouble(opts: { port?: number; host?: string } = {}): Promise<MongoDouble> {
  const host = opts.host ?? '127.0.0.1';
  const server = new MongoDoubleServer();
  const port = await server.listen({ port: opts.port ?? 0, host });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `mongodb://${urlHost}:${port}/?directConnection=true`,
    port,
    close: () => server.close(),
  };
}
