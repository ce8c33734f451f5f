import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaClient } from '../generated/sqlite/index.js';
import { SQLITE_SCHEMA_DDL } from './schema-ddl.js';

/**
 * A Prisma Client on the embedded SQLite variant (the gateway's default, development, tests),
 * running through the better-sqlite3 driver adapter, so no native Prisma engine is needed.
 * An empty database file gets every table first; a database from an earlier version gets the
 * columns added since (see addMissingColumns), so an existing standalone screen keeps working.
 *
 * Wrap it in the tenancy extension before handing it to request code:
 *   openSqliteClient(file).$extends(tenancyExtension(Prisma.dmmf))
 */
export function openSqliteClient(file: string): PrismaClient {
  const db = new Database(file);
  try {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n === 0) db.exec(`BEGIN;\n${SQLITE_SCHEMA_DDL}\nCOMMIT;`);
    else addMissingColumns(db);
  } finally {
    db.close();
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
}

/**
 * Add to each existing table the columns the DDL has and the file lacks. Only additive changes
 * are made this way, and only for a column SQLite can add to rows that exist: nullable, or with
 * a default. Anything else (a renamed or retyped column) needs a migration of its own.
 */
function addMissingColumns(db: Database.Database): void {
  const missing: string[] = [];
  for (const [, table, body] of SQLITE_SCHEMA_DDL.matchAll(/CREATE TABLE "(\w+)" \(\n([\s\S]*?)\n\);/g)) {
    const have = new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
    if (have.size === 0) continue;
    for (const line of body!.split('\n')) {
      const column = /^\s+"(\w+)" (.+?),?$/.exec(line);
      if (!column || have.has(column[1]!)) continue;
      const definition = column[2]!;
      if (/NOT NULL/.test(definition) && !/DEFAULT/.test(definition))
        throw new Error(`the database lacks ${table}.${column[1]}, which has no default: it needs a migration`);
      missing.push(`ALTER TABLE "${table}" ADD COLUMN "${column[1]}" ${definition};`);
    }
  }
  if (missing.length) db.exec(`BEGIN;\n${missing.join('\n')}\nCOMMIT;`);
}
