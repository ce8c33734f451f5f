import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteDatabase } from './sqlite-database.js';

describe('sqliteDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-sqlite-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens a real database file with the addon the install put in place, and reads back what it wrote', () => {
    const file = path.join(dir, 'cache.db');
    const db = sqliteDatabase(file);
    db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('shacharit')");
    db.close();
    const again = sqliteDatabase(file, { readonly: true, fileMustExist: true });
    expect(again.prepare('SELECT v FROM t').pluck().get()).toBe('shacharit');
    expect(() => again.exec("INSERT INTO t VALUES ('mincha')")).toThrow(/readonly/);
    again.close();
  });

  it('passes the options through: a missing file stays missing when it must exist', () => {
    expect(() => sqliteDatabase(path.join(dir, 'absent.db'), { fileMustExist: true })).toThrow();
    expect(fs.existsSync(path.join(dir, 'absent.db'))).toBe(false);
  });
});
