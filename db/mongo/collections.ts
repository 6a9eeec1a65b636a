// MongoDB collections of the hub with their JSON-schema validators and indexes.
// `npm run db:migrate` applies them (createCollection / collMod / createIndexes are idempotent).
// Feature modules add their collections here (threads, messages, notes, audit).
import type { CreateIndexesOptions, Document, IndexSpecification } from 'mongodb';

export interface CollectionSpec {
  name: string;
  validator?: Document;
  indexes: { key: IndexSpecification; options: CreateIndexesOptions & { name: string } }[];
}

export const COLLECTIONS: CollectionSpec[] = [];
