import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DisplayModel } from '../device/model/display-model.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'luach.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function luach(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, XDG_DATA_HOME: dir } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('luach model', () => {
  it('prints the DisplayModel for a moment as valid JSON, with how each prayer time was computed', async () => {
    const { code, stdout } = await luach('model', '--data', path.join(dir, 'fresh'), '--at', '2026-12-04T13:00:00+02:00');
    expect(code).toBe(0);
    const model = DisplayModel.parse(JSON.parse(stdout));
    expect(model.generatedAt).toBe('2026-12-04T11:00:00.000Z');
    expect(model.todayPrayerTimes.length).toBeGreaterThanOrEqual(3);
    expect(model.todayPrayerTimes.every((t) => t.explanation && t.explanation.length > 0)).toBe(true);
    expect(Date.parse(model.validUntil)).toBeGreaterThan(Date.parse(model.generatedAt));
  });

  it('rejects a time it cannot read with one line and exit code 2', async () => {
    const { code, stderr } = await luach('model', '--at', 'next tuesday');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('--at: expected an ISO 8601 time')]);
  });
});

describe('luach doctor', () => {
  it('reports the shell, the cache, the clock and the (absent) cloud', async () => {
    const { code, stdout } = await luach('doctor', '--data', path.join(dir, 'doc'));
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.cache.state).toMatch(/absent/);
    expect(report.clock).toHaveProperty('verified');
    expect(report.shell.wouldUse.kind).toMatch(/electron|chromium|headless/);
    expect(report.cloud).toMatch(/not configured/);
  });
});

describe('a bad config file', () => {
  it('gives one clear line naming the file and the field, and exit code 2', async () => {
    const data = path.join(dir, 'bad');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ port: 'eighty', mqtt: { url: 'http://x' } }));
    const { code, stderr } = await luach('doctor', '--data', data);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path.join(data, 'config.json'));
    expect(lines[0]).toContain('port');
  });

  it('names a misspelt setting rather than ignoring it', async () => {
    const data = path.join(dir, 'typo');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ logLevle: 'debug' }));
    const { code, stderr } = await luach('doctor', '--data', data);
    expect(code).toBe(2);
    expect(stderr).toMatch(/config\.json: logLevle: is not a known setting/);
  });

  it('says when the file is not JSON', async () => {
    const data = path.join(dir, 'notjson');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'config.json'), '{ port: 80');
    const { code, stderr } = await luach('start', '--headless', '--data', data);
    expect(code).toBe(2);
    expect(stderr).toMatch(/config\.json: \(file\): is not valid JSON/);
  });
});

describe('luach calendar and yahrzeit', () => {
  it('answers a day in Jerusalem as JSON with local times and offsets', async () => {
    const { code, stdout } = await luach(
      'calendar',
      '--date',
      '2026-12-04',
      '--lat',
      '31.7767',
      '--lon',
      '35.2159',
      '--tz',
      'Asia/Jerusalem',
      '--il',
      '--candle-mins',
      '40',
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.date).toBe('2026-12-04');
    expect(answer.zmanim.sunset).toMatch(/^2026-12-04T16:\d{2}:\d{2}\+02:00$/);
    expect(answer.candleLighting).toMatch(/^2026-12-04T15:\d{2}:\d{2}\+02:00$/);
  });

  it('answers a Chanukah evening in Jerusalem: the third night in effect after sunset, lit at tzeit', async () => {
    const { code, stdout } = await luach(
      'calendar',
      '--at',
      '2026-12-06T17:30:00+02:00',
      '--lat',
      '31.7767',
      '--lon',
      '35.2159',
      '--tz',
      'Asia/Jerusalem',
      '--il',
      '--walled',
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.hebrewDateAt).toMatchObject({ en: '27th of Kislev, 5787', evening: true });
    expect(answer.chanukah).toEqual({ night: 3, candleLighting: '2026-12-06T17:14:00+02:00', rule: 'weekday' });
    expect(answer.sunriseSunset).toBe('sea level');
  });

  it('rejects a missing time zone naming the flag', async () => {
    const { code, stderr } = await luach('calendar', '--date', '2026-12-04', '--lat', '31.7', '--lon', '35.2');
    expect(code).toBe(2);
    expect(stderr).toContain('--tz');
  });

  it('lists yahrzeit observances between two years', async () => {
    const { code, stdout } = await luach('yahrzeit', '--died', '2020-03-15', '--from', '2025', '--to', '2026');
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as { date: string }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.every((o) => /^202[56]-\d{2}-\d{2}$/.test(o.date))).toBe(true);
  });
});
