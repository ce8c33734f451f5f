import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { demoTargetState } from '../demo/demo-state.js';
import { migrate } from './open-cache.js';
import { clearSettingsOverrides, setSettingsOverride } from './settings-override.js';
import { applyTargetState, readSnapshot } from './target-state-store.js';

const NOW = new Date('2026-11-25T10:00:00Z');

function cacheWith(settings: Record<string, unknown>): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  applyTargetState(db, { ...demoTargetState(NOW), settings: { ...demoTargetState(NOW).settings, ...settings } }, { etag: '"1"', source: 'cloud', now: NOW });
  return db;
}

const sync = (db: Database.Database, settings: Record<string, unknown>, etag: string) =>
  applyTargetState(db, { ...demoTargetState(NOW), settings: { ...demoTargetState(NOW).settings, ...settings } }, { etag, source: 'cloud', now: NOW });

describe('settings changed on the device', () => {
  it('win over the cloud’s, and a sync that leaves the key as it was does not undo them', () => {
    const db = cacheWith({ language: 'he', theme: 'classic' });
    setSettingsOverride(db, { language: 'en' }, NOW);
    expect(readSnapshot(db)!.settings.language).toBe('en');
    sync(db, { language: 'he', theme: 'dark' }, '"2"');
    expect(readSnapshot(db)!.settings).toMatchObject({ language: 'en', theme: 'dark' });
  });

  it('give way when the cloud changes the same key afterwards: the last to change it wins', () => {
    const db = cacheWith({ theme: 'classic', language: 'he' });
    setSettingsOverride(db, { theme: 'light', language: 'en' }, NOW);
    // Later a gabbai picks the dark theme in the cloud; the language there is untouched.
    sync(db, { theme: 'dark', language: 'he' }, '"2"');
    expect(readSnapshot(db)!.settings).toMatchObject({ theme: 'dark', language: 'en' });
    // The theme's override is gone for good: the cloud's next theme is shown as it is.
    sync(db, { theme: 'classic', language: 'he' }, '"3"');
    expect(readSnapshot(db)!.settings).toMatchObject({ theme: 'classic', language: 'en' });
  });

  it('are refused whole when a value is not one the wall knows, and nothing is written', () => {
    const db = cacheWith({ language: 'he' });
    expect(() => setSettingsOverride(db, { language: 'fr', theme: 'dark' }, NOW)).toThrow(/language/);
    expect(readSnapshot(db)!.settings).toMatchObject({ language: 'he', theme: 'classic' });
  });

  it('are all forgotten by clear-cache', () => {
    const db = cacheWith({ language: 'he' });
    setSettingsOverride(db, { language: 'en' }, NOW);
    clearSettingsOverrides(db);
    expect(readSnapshot(db)!.settings.language).toBe('he');
  });
});
