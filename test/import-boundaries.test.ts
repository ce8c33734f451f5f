import fs from 'node:fs';
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

describe('the import arrows of docs/architecture.md', () => {
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

  it('keep the console a browser page that reaches the gateway over HTTP only', async () => {
    expect(
      await boundaryErrors('cloud-sync/console/src/right.ts', "import type { Synagogue } from '../../protocol/content.js';\nexport type S = Synagogue;\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors('cloud-sync/console/src/wrong.ts', "import { Synagogue } from '../../protocol/content.js';\nexport const s = Synagogue;\n"),
    ).toEqual([expect.stringContaining('cloud-sync/console talks to the gateway over HTTP')]);
    expect(
      await boundaryErrors('cloud-sync/console/src/wrong.ts', "import { createGateway } from '../../server/gateway.js';\nexport const g = createGateway;\n"),
    ).toEqual([expect.stringContaining('cloud-sync/console talks to the gateway over HTTP')]);
    expect(await boundaryErrors('cloud-sync/console/src/wrong.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([
      expect.stringContaining('cloud-sync/console runs in a browser'),
    ]);
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

  it('let the device name a shell’s types, and keep a shell’s code for the entry points', async () => {
    expect(await boundaryErrors('device/wiring.ts', "import type { Shell } from './shell/shell.js';\nexport type S = Shell;\n")).toEqual([]);
    const errors = await boundaryErrors('device/wiring.ts', "import { browserShell } from './shell/browser-shell.js';\nexport const s = browserShell;\n");
    expect(errors).toEqual([expect.stringContaining('only the entry points (device/cli.ts, device/main.ts) import a shell')]);
  });
});

/** Every relative import of the shipped code (tests left out), as file -> files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        const source = fs.readFileSync(path.join(root, file), 'utf8');
        const targets = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)].map((m) =>
          path.join(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')),
        );
        graph.set(file, targets);
      }
    }
  };
  for (const room of ['device', 'cloud-sync', 'display', 'prisma/tenancy']) visit(room);
  return graph;
}

describe('the import graph', () => {
  it('has no circle: every part can be read, built and tested from its own imports', () => {
    const graph = importGraph();
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const walk = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void circles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) walk(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) walk(file, []);
    expect(graph.size).toBeGreaterThan(100);
    expect(circles).toEqual([]);
  });
});
