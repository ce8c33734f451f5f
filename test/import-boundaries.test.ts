import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lint `code` as if it lived at `file`, and return the boundary rule's messages. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'luach/import-boundaries').map((m) => m.message);
}

describe('the import arrows of ARCHITECTURE.md', () => {
  it('fail the display when it imports device code at run time', async () => {
    const errors = await boundaryErrors('display/wrong.ts', "import { openCache } from '../device/cache/open-cache.js';\nexport const x = openCache;\n");
    expect(errors).toEqual([expect.stringContaining('display/ may import only the DisplayModel schema')]);
  });

  it('let the display import the model types, and the schema it parses models with', async () => {
    expect(
      await boundaryErrors('display/right.ts', "import type { DisplayModel } from '../device/model/display-model.js';\nexport type X = DisplayModel;\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors('display/right.ts', "import { DisplayModel } from '../device/model/display-model.js';\nexport const parse = DisplayModel.parse;\n"),
    ).toEqual([]);
    const errors = await boundaryErrors(
      'display/wrong.ts',
      "import { buildDisplayModel } from '../device/model/build-display-model.js';\nexport const b = buildDisplayModel;\n",
    );
    expect(errors).toEqual([expect.stringContaining('display/ may import only the DisplayModel schema')]);
  });

  it('keep electron inside the Electron files', async () => {
    const errors = await boundaryErrors('device/runtime-wrong.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(errors).toEqual([expect.stringContaining('only device/main.ts, device/preload.ts and device/shell/electron')]);
  });

  it('keep the pure rooms free of I/O and of the clock', async () => {
    const errors = await boundaryErrors(
      'device/calendar/wrong.ts',
      "import fs from 'node:fs';\nexport const read = () => fs.readFileSync('x');\nexport const now = () => Date.now();\nexport const today = () => new Date();\n",
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('is pure: no node:fs');
    expect(errors.slice(1).join(' ')).toMatch(/Date\.now.*new Date\(\)/);
  });

  it('forbid the device from reaching into the cloud gateway', async () => {
    const errors = await boundaryErrors('device/wrong.ts', "import { x } from '../cloud-sync/server/gateway.js';\nexport const y = x;\n");
    expect(errors).toEqual([expect.stringContaining('device/ may import only')]);
  });

  it("let the cloud gateway build a preview with the device's pure rooms, and nothing else of the device", async () => {
    expect(
      await boundaryErrors(
        'cloud-sync/server/api/preview-right.ts',
        "import { buildDisplayModel } from '../../../device/model/build-display-model.js';\nimport { describeDay } from '../../../device/calendar/day-info.js';\nimport { buildPlaylist } from '../../../device/schedule/playlist.js';\nexport const x = [buildDisplayModel, describeDay, buildPlaylist];\n",
      ),
    ).toEqual([]);
    for (const target of [
      '../../../device/cache/open-cache.js',
      '../../../device/link/device-link.js',
      '../../../device/shell/display-server.js',
      '../../../device/runtime.js',
    ]) {
      const errors = await boundaryErrors('cloud-sync/server/api/preview-wrong.ts', `import { x } from '${target}';\nexport const y = x;\n`);
      expect(errors, target).toContainEqual(
        expect.stringMatching(/cloud-sync\/server may import only cloud-sync\/protocol, prisma\/ and the pure rooms|is a shell|is an entry point/),
      );
    }
  });

  it('forbid importing an entry point', async () => {
    const errors = await boundaryErrors('device/runtime-wrong.ts', "import '../device/cli.js';\n");
    expect(errors).toEqual([expect.stringContaining('is an entry point')]);
  });
});
