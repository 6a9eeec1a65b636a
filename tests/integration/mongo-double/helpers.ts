/**
 * Shared setup for the MongoDB test double's own tests: each test file starts
 * its own double and talks to it through the real `mongodb` driver.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { type MongoDouble, startMongoDouble } from '../../support/mongo-double/index.js';

export interface DoubleHarness {
  double: MongoDouble;
  client: MongoClient;
  close(): Promise<void>;
}

export async function startHarness(options: MongoClientOptions = {}): Promise<DoubleHarness> {
  const double = await startMongoDouble();
  const client = new MongoClient(double.url, { serverSelectionTimeoutMS: 5000, ...options });
  await client.connect();
  return {
    double,
    client,
    async close() {
      await client.close();
      await double.close();
    },
  };
}

/**
 * Polls `probe` until it returns true, for effects that happen in the
 * background (TTL deletion). Bounded: fails after `timeoutMs`.
 */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await delay(intervalMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Runs `fn` and returns what it throws (fails the test if it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}

/** Test documents with any _id (numbers, strings, null). */
export interface Loose {
  _id?: number | string | null | Record<string, unknown>;
  [key: string]: unknown;
}
