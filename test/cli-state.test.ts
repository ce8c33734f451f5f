import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTargetState } from '../device/demo/demo-state.js';
import { DisplayModel } from '../device/model/display-model.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'luach.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-cli-state-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function luach(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 100_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const MOMENT = new Date('2026-12-06T15:30:00Z');
const state = () => ({ ...demoTargetState(MOMENT), synagogue: { ...demoTargetState(MOMENT).synagogue, name: 'Kehilat Beit Yosef' } });

describe('the wall from the command line', () => {
  it('applies a target state from a file as a sync would, and the model shows it', async () => {
    const data = path.join(dir, 'apply');
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, JSON.stringify(state()));
    const applied = await luach('state', 'apply', file, '--data', data);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('applied');
    const model = DisplayModel.parse(JSON.parse((await luach('model', '--data', data, '--at', MOMENT.toISOString())).stdout));
    expect(model.header.synagogueName).toBe('Kehilat Beit Yosef');
    expect(model.status.source).toBe('local');
  });

  it('prints why a bad state was refused, field by field, and changes nothing', async () => {
    const data = path.join(dir, 'refuse');
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(state()));
    await luach('state', 'apply', good, '--data', data);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...state(), synagogue: { ...state().synagogue, name: 'Broken', latitude: 'north', timezone: 'Asia/Jerusalme' } }));
    const refused = await luach('state', 'apply', bad, '--data', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/was not applied; nothing changed:\n {2}synagogue\.latitude: /);
    const model = DisplayModel.parse(JSON.parse((await luach('model', '--data', data, '--at', MOMENT.toISOString())).stdout));
    expect(model.header.synagogueName).toBe('Kehilat Beit Yosef');
  });

  it('exports the state it holds, which applies again to the same wall', async () => {
    const data = path.join(dir, 'export');
    const file = path.join(dir, 'in.json');
    fs.writeFileSync(file, JSON.stringify(state()));
    await luach('state', 'apply', file, '--data', data);
    const out = path.join(dir, 'out.json');
    expect((await luach('state', 'export', '--data', data, '--out', out)).code).toBe(0);
    const exported = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(exported.synagogue.name).toBe('Kehilat Beit Yosef');
    expect(exported.content.TfilaTime.length).toBe(state().content.TfilaTime!.length);
    const again = path.join(dir, 'again');
    expect((await luach('state', 'apply', out, '--data', again)).code).toBe(0);
    const before = JSON.parse((await luach('model', '--data', data, '--at', MOMENT.toISOString())).stdout);
    const after = JSON.parse((await luach('model', '--data', again, '--at', MOMENT.toISOString())).stdout);
    expect(after.todayPrayerTimes).toEqual(before.todayPrayerTimes);
  });

  it('renders the wall at a moment into a PNG of the size asked for', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'wall.png');
    const result = await luach(
      'screenshot',
      '--data',
      path.join(dir, 'shot'),
      '--at',
      MOMENT.toISOString(),
      '--out',
      out,
      '--width',
      '1280',
      '--height',
      '720',
    );
    expect(result.code).toBe(0);
    const png = fs.readFileSync(out);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 720]);
    expect(png.length).toBeGreaterThan(20_000);
  });
});
