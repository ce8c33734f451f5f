import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteClient } from './open-sqlite-client.js';
import { SQLITE_SCHEMA_DDL } from './schema-ddl.js';

// Needs the SQLite client: `npm run prisma:generate` (the test script runs it first).

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-sqlite-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file as an earlier version left it: the tables of today, less `columns`, with one screen's settings. */
function olderDatabase(file: string, columns: [table: string, column: string][]): void {
  const db = new Database(file);
  db.exec(`BEGIN;\n${SQLITE_SCHEMA_DDL}\nCOMMIT;`);
  for (const [table, column] of columns) db.exec(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
  db.pragma('foreign_keys = OFF');
  db.prepare(`INSERT INTO "DeviceSettings" ("id", "userId", "deviceId", "language", "updatedAt") VALUES ('s1', 'u1', 'd1', 'en', 1767225600000)`).run();
  db.close();
}

describe('a SQLite database from an earlier version', () => {
  it('gains the columns added since, each row taking the column’s default, and keeps its rows', async () => {
    const file = path.join(dir, 'gateway.db');
    olderDatabase(file, [['DeviceSettings', 'viewingDistance']]);
    const client = openSqliteClient(file);
    try {
      const row = await client.deviceSettings.findUniqueOrThrow({ where: { id: 's1' } });
      expect(row.language).toBe('en');
      expect(row.viewingDistance).toBe('small-room');
    } finally {
      await client.$disconnect();
    }
  });

  it('is opened as it is when nothing is missing', async () => {
    const file = path.join(dir, 'gateway.db');
    olderDatabase(file, []);
    const before = fs.readFileSync(file);
    await openSqliteClient(file).$disconnect();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
