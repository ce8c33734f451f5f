import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

/**
 * Prisma CLI config for the embedded SQLite variant. It selects the JavaScript schema engine
 * with the better-sqlite3 driver adapter, so `db push`, `migrate diff` and `studio` work without
 * Prisma's native engines (which some machines cannot download):
 *   LUACH_CLOUD_SQLITE_URL=file:/path/cloud.db npx prisma db push --config prisma/sqlite/prisma.config.ts
 * Without LUACH_CLOUD_SQLITE_URL the database is .luach-data/cloud.db (gitignored) under the current directory.
 */
function databaseUrl(): string {
  const url = process.env['LUACH_CLOUD_SQLITE_URL'];
  if (url) return url;
  mkdirSync('.luach-data', { recursive: true });
  return `file:${path.resolve('.luach-data', 'cloud.db')}`;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(import.meta.dirname, 'schema.prisma'),
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
