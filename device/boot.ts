// The launcher both shells start from: bin/luach.js runs it for `luach`, and it is the Electron
// app's main (package.json). It always runs from the installed app. For a start of the wall it
// chooses the release to run (a self-updated one under the data directory, or the installed
// app; device/update/boot-release.ts) and loads that release's own entry; any other command
// loads the installed `luach` command directly.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const electron = Boolean(process.versions.electron);
const entry = electron ? 'luach-main.mjs' : 'luach-cli.mjs';
const starting = electron || process.argv[2] === 'start';

if (!starting || process.env.LUACH_BOOTED) await import(pathToFileURL(path.join(here, entry)).href);
// Electron's argv has no command word, and a packaged app's has no app path either: its flags may start at [1].
else await (await import('./update/boot-start.js')).bootStart(path.resolve(here, '..'), entry, process.argv.slice(electron ? 1 : 3));
