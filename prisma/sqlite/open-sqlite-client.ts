import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaClient } from '../generated/sqlite/index.js';
import { SQLITE_SCHEMA_DDL } from './schema-ddl.js';

/**
 * A Prisma Client on the embedded SQLite variant (the gateway's default, development, tests),
 * running through the better-sqlite3 driver adapter, so no native Prisma engine is needed.
 * An empty database file gets every table first; a database that already has tables is left
 * as it is (schema changes on existing SQLite files are not migrated yet).
 *
 * Wrap it in the tenancy extension before handing it to request code:
 *   openSqliteClient(file).$extends(tenancyExtension(Prisma.dmmf))
 */
export function openSqliteClient(file: string): PrismaClient {
  const db = new Database(file);
  try {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n === 0) db.exec(`BEGIN;\n${SQLITE_SCHEMA_DDL}\nCOMMIT;`);
  } finally {
    db.close();
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
}
