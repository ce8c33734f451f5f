// The Electron kiosk's checks (build/README.md, "Running the Electron checks"), for a machine
// where the Electron binary exists (after `npm run electron:fetch`, which needs GitHub): rebuild
// better-sqlite3 for that Electron, prove the addon's ABI is Electron's, build, then start the
// real kiosk and check it draws the wall, hardened, with no Node in the page.
//
//   npx tsx scripts/electron-check.ts
//
// It has never run on the machines that wrote it (no Electron binary can be downloaded there):
// it exits 2 saying so when the binary is missing. Afterwards `npm rebuild better-sqlite3`
// rebuilds the addon for Node again.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { getAbi } from 'node-abi';
import { _electron as electron } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const version = (require('electron/package.json') as { version: string }).version;

let binary: string;
try {
  binary = require('electron') as string;
  if (!fs.existsSync(binary)) throw new Error(`${binary} does not exist`);
} catch (error) {
  process.stderr.write(
    `electron-check: no Electron ${version} binary here (${(error as Error).message}); run \`npm run electron:fetch\` where GitHub is reachable\n`,
  );
  process.exit(2);
}

const step = (what: string) => process.stdout.write(`electron-check: ${what}\n`);
const check = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`electron-check failed: ${what}`);
  step(`ok: ${what}`);
};

step(`rebuilding better-sqlite3 for Electron ${version} (${process.arch})`);
execFileSync('npx', ['@electron/rebuild', '--version', version, '--arch', process.arch, '--only', 'better-sqlite3', '--force'], {
  cwd: root,
  stdio: 'inherit',
});
const addon = fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toString('latin1');
const built = /node_register_module_v(\d+)/.exec(addon)?.[1];
check(built === getAbi(version, 'electron'), `better-sqlite3 is built for NODE_MODULE_VERSION ${built}, Electron ${version}'s ABI`);

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-electron-check-'));
const app = await electron.launch({ executablePath: binary, args: ['.', `--data=${data}`], cwd: root, env: { ...process.env, LUACH_DISABLE_GPU: '1' } });
try {
  const page = await app.firstWindow();
  await page.waitForSelector('.slide', { timeout: 30_000 });
  check(true, 'the kiosk window drew the wall from the SQLite cache');
  check(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isKiosk()), 'the window is a kiosk');
  const inPage = (expression: string) => page.evaluate(expression) as Promise<unknown>;
  check((await inPage('typeof require + typeof process')) === 'undefinedundefined', 'no Node in the page (no require, no process)');
  const png = await app.evaluate(async ({ BrowserWindow }) => (await BrowserWindow.getAllWindows()[0]!.webContents.capturePage()).toPNG().length);
  check(png > 1000, `capturePage gives a picture (${png} bytes)`);
  await inPage("window.open('https://example.org/')");
  check(app.windows().length === 1, 'window.open is refused');
} finally {
  await app.close();
  fs.rmSync(data, { recursive: true, force: true });
}
step('all checks passed; `npm rebuild better-sqlite3` makes the addon Node’s again');
