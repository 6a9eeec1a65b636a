// drizzle-kit reads this to generate SQL migrations from db/schema (`npx drizzle-kit generate`).
// Migrations are committed and applied by `npm run db:migrate` (scripts/db-migrate.ts), not by drizzle-kit.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
