// Column helpers shared by every MySQL table, so ids and instants look the same everywhere.
import { datetime, varchar } from 'drizzle-orm/mysql-core';
import { newId } from '../ids.js';

/** Public, opaque, time-ordered id (a ULID): sorts like insertion order, keeps B-tree inserts local. */
export const idColumn = () => varchar('id', { length: 26 }).primaryKey().$defaultFn(newId);

/** A reference to another table's id. */
export const idRef = (name: string) => varchar(name, { length: 26 });

/** An instant, stored as UTC with millisecond precision (the mysql2 session runs in UTC). */
export const instant = (name: string) => datetime(name, { mode: 'date', fsp: 3 });

export const timestamps = {
  createdAt: instant('created_at')
    .notNull()
    .$defaultFn(() => new Date()),
  updatedAt: instant('updated_at')
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
};
