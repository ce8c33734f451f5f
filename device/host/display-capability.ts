import fs from 'node:fs';
import path from 'node:path';
import type { Transitions } from '../model/display-model.js';

/** What the device found about its screen, and the transitions it affords when the room does not choose. */
export interface DisplayCapability {
  transitions: Transitions;
  /** For the log and `luach doctor`: why this default, in words an operator can check. */
  reason: string;
}

export interface DisplayHardware {
  /** `/proc/device-tree/model`, e.g. "Raspberry Pi 3 Model B Rev 1.2"; absent off ARM boards. */
  boardModel?: string;
  /** Entries of /dev/dri: a GPU with a working driver has a render node ("renderD128"). */
  driEntries: string[];
}

/** The Raspberry Pi generation a board model names: "Pi 3", "Pi 400" (a 4), "Zero 2" (a 3), plain "Model B" (a 1). */
function piGeneration(model: string): number | undefined {
  if (!/^Raspberry Pi\b/.test(model)) return undefined;
  if (/\bZero 2\b/.test(model)) return 3;
  const numbered = /^Raspberry Pi (?:Compute Module )?(\d)(?:00)?\b/.exec(model);
  return numbered ? Number(numbered[1]) : 1;
}

/**
 * A Raspberry Pi 3 or older cannot composite full-screen fades at 60 frames a second without
 * heating up and stuttering, and a machine whose GPU has no driver (no render node) composites
 * in software, where every frame costs the CPU: both get "simple". Anything else: "smooth".
 */
export function transitionsFor(hardware: DisplayHardware): DisplayCapability {
  const model = hardware.boardModel?.replace(/\0/g, '').trim();
  const generation = model ? piGeneration(model) : undefined;
  if (generation !== undefined && generation <= 3) return { transitions: 'simple', reason: `${model}: a Raspberry Pi ${generation} composites slowly` };
  if (!hardware.driEntries.some((entry) => entry.startsWith('renderD')))
    return { transitions: 'simple', reason: 'no GPU render node in /dev/dri: Chromium composites in software' };
  return { transitions: 'smooth', reason: model ? `${model} with a GPU driver` : 'a GPU driver (render node in /dev/dri)' };
}

/** Read the board model and the GPU's device nodes under `root` (the real machine: "/"). */
export function detectDisplayCapability(root = '/'): DisplayCapability {
  const boardModel = readOrUndefined(() => fs.readFileSync(path.join(root, 'proc/device-tree/model'), 'utf8'));
  const driEntries = readOrUndefined(() => fs.readdirSync(path.join(root, 'dev/dri'))) ?? [];
  return transitionsFor(boardModel === undefined ? { driEntries } : { boardModel, driEntries });
}

/** A file or directory that is not there (no device tree off ARM, no /dev/dri without a GPU) reads as absent. */
function readOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
