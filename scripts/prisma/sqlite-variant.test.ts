import { describe, expect, it } from 'vitest';
import { SQLITE_HEADER, toSqliteSchema } from './sqlite-variant.js';

const mongo = `// The cloud's data model (MongoDB).

generator client {
  provider = "prisma-client-js"
  output   = "./generated/mongo"
}

datasource db {
  provider = "mongodb"
  url      = env("DATABASE_URL")
}

// Composite types

/// A time of day.
type TimeSpec {
  kind String
  time String?
}

enum Role {
  customer
  admin
}

/// A prayer time.
model TfilaTime {
  id         String    @id @default(auto()) @map("_id") @db.ObjectId
  userId     String    @db.ObjectId
  time       TimeSpec
  start      TimeSpec?
  times      TimeSpec[]
  daysOfWeek Int[]
  roles      Role[]
  learning   String[]  @default(["dafYomi"])
  deviceIds  String[]  @db.ObjectId
  createdAt  DateTime  @default(now())

  @@index([userId, createdAt])
}
`;

describe('toSqliteSchema', () => {
  const sqlite = toSqliteSchema(mongo);

  it('starts with the do-not-edit header and SQLite generator and datasource blocks', () => {
    expect(sqlite.startsWith(SQLITE_HEADER)).toBe(true);
    expect(sqlite).toContain('provider = "sqlite"');
    expect(sqlite).toContain('engineType = "client"');
    expect(sqlite).not.toContain('mongodb');
    expect(sqlite).not.toContain('./generated/mongo');
  });

  it('drops composite types with their comments and stores their fields as Json', () => {
    expect(sqlite).not.toMatch(/type TimeSpec|A time of day|Composite types/);
    expect(sqlite).toMatch(/^\s+time\s+Json$/m);
    expect(sqlite).toMatch(/^\s+start\s+Json\?$/m);
    expect(sqlite).toMatch(/^\s+times\s+Json @default\("\[\]"\)$/m);
  });

  it('stores scalar and enum lists as Json arrays, keeping list defaults', () => {
    expect(sqlite).toMatch(/^\s+daysOfWeek\s+Json @default\("\[\]"\)$/m);
    expect(sqlite).toMatch(/^\s+roles\s+Json @default\("\[\]"\)$/m);
    expect(sqlite).toContain('learning   Json @default("[\\"dafYomi\\"]")');
    expect(sqlite).toMatch(/^\s+deviceIds\s+Json @default\("\[\]"\)$/m);
  });

  it('turns ObjectId ids into cuid strings and keeps enums, docs and indexes', () => {
    expect(sqlite).toMatch(/^\s+id\s+String\s+@id @default\(cuid\(\)\)$/m);
    expect(sqlite).toMatch(/^\s+userId\s+String$/m);
    expect(sqlite).not.toContain('@db.ObjectId');
    expect(sqlite).toContain('enum Role {');
    expect(sqlite).toContain('/// A prayer time.');
    expect(sqlite).toContain('@@index([userId, createdAt])');
  });

  it('names the field whose list default is not JSON', () => {
    expect(() => toSqliteSchema('model M {\n  id String @id\n  roles Role[] @default([admin])\n}\nenum Role {\n  admin\n}\n')).toThrow(
      /model M: list default \[admin\]/,
    );
  });
});
