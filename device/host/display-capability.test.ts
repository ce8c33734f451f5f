import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectDisplayCapability, transitionsFor } from './display-capability.js';

const GPU = ['by-path', 'card0', 'card1', 'renderD128'];

describe('the transitions a screen affords', () => {
  it.each([
    ['Raspberry Pi 3 Model B Rev 1.2', 'simple'],
    ['Raspberry Pi 3 Model B Plus Rev 1.3', 'simple'],
    ['Raspberry Pi Compute Module 3 Plus Rev 1.0', 'simple'],
    ['Raspberry Pi Zero 2 W Rev 1.0', 'simple'],
    ['Raspberry Pi Model B Plus Rev 1.2', 'simple'],
    ['Raspberry Pi 2 Model B Rev 1.1', 'simple'],
    ['Raspberry Pi 4 Model B Rev 1.4', 'smooth'],
    ['Raspberry Pi 400 Rev 1.0', 'smooth'],
    ['Raspberry Pi Compute Module 4 Rev 1.0', 'smooth'],
    ['Raspberry Pi 5 Model B Rev 1.0', 'smooth'],
  ])('gives a %s with its GPU driver "%s" fades', (boardModel, transitions) => {
    expect(transitionsFor({ boardModel: `${boardModel}\0`, driEntries: GPU }).transitions).toBe(transitions);
  });

  it('gives any machine without a GPU render node "simple", and says why', () => {
    expect(transitionsFor({ boardModel: 'Raspberry Pi 4 Model B Rev 1.4', driEntries: ['card0'] })).toEqual({
      transitions: 'simple',
      reason: 'no GPU render node in /dev/dri: Chromium composites in software',
    });
    expect(transitionsFor({ driEntries: [] }).transitions).toBe('simple');
  });

  it('gives a PC with a GPU driver "smooth"', () => {
    expect(transitionsFor({ driEntries: GPU })).toEqual({ transitions: 'smooth', reason: 'a GPU driver (render node in /dev/dri)' });
  });
});

describe('detectDisplayCapability', () => {
  let root: string | undefined;
  afterEach(() => root && fs.rmSync(root, { recursive: true, force: true }));

  function machine(files: Record<string, string>): string {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-capability-'));
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), content);
    }
    return root;
  }

  it('reads the board model from the device tree and the GPU from /dev/dri', () => {
    const pi3 = machine({ 'proc/device-tree/model': 'Raspberry Pi 3 Model B Rev 1.2\0', 'dev/dri/card0': '', 'dev/dri/renderD128': '' });
    expect(detectDisplayCapability(pi3)).toEqual({ transitions: 'simple', reason: 'Raspberry Pi 3 Model B Rev 1.2: a Raspberry Pi 3 composites slowly' });
  });

  it('reads a Pi 5 with its GPU as "smooth"', () => {
    const pi5 = machine({ 'proc/device-tree/model': 'Raspberry Pi 5 Model B Rev 1.0\0', 'dev/dri/card1': '', 'dev/dri/renderD128': '' });
    expect(detectDisplayCapability(pi5).transitions).toBe('smooth');
  });

  it('falls back to "simple" on a machine with neither a device tree nor /dev/dri', () => {
    expect(detectDisplayCapability(machine({})).transitions).toBe('simple');
  });
});
