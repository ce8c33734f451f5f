// The web console as a gabbai's phone meets it: the size of its script (gzipped, as served), its
// time to interactive on a 390 px viewport with the CPU throttled 4x, and the p95 of the API calls
// behind the pages opened most. The gateway is the standalone one, seeded with the demo synagogue.
// Run: npm run build && node --import tsx bench/console.ts
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SYNAGOGUE_FILE_FORMAT, SynagogueFile } from '../cloud-sync/protocol/api/synagogue-file.js';
import { createGateway } from '../cloud-sync/server/gateway.js';
import { ensureStandaloneScreen } from '../cloud-sync/server/standalone-screen.js';
import { demoTargetState } from '../device/demo/demo-state.js';
import { launchChromium } from '../test/support/chromium.js';
import { capturingLogger, GatewayCloud } from '../test/support/gateway-cloud.js';
import { median, report } from './support/report.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONSOLE = path.join(ROOT, 'dist', 'console');
const JS_BUDGET_KIB = 80;
const LOADS = 7;
const CALLS = 200;

const assets = path.join(CONSOLE, 'assets');
if (!fs.existsSync(assets)) throw new Error('the console is not built: run `npm run build` first');
const scripts = fs.readdirSync(assets).filter((file) => file.endsWith('.js'));
const gzipped = scripts.reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, file)), { level: 9 }).length, 0);
const raw = scripts.reduce((sum, file) => sum + fs.statSync(path.join(assets, file)).size, 0);
report('console.js-gzip', gzipped / 1024, 'KiB', { budget: JS_BUDGET_KIB, rawKiB: raw / 1024, files: scripts.length });

const cloud = GatewayCloud.open();
const now = new Date();
const demo = demoTargetState(now);
const seed = SynagogueFile.parse({ format: SYNAGOGUE_FILE_FORMAT, version: 1, exportedAt: now.toISOString(), ...demo });
const screen = await ensureStandaloneScreen(cloud.db, { hostName: 'bench.local', seed });
let code: string | null = 'B3NC';
const gateway = createGateway({
  prisma: cloud.db,
  logger: capturingLogger().logger,
  staticDir: CONSOLE,
  displayDir: path.join(ROOT, 'dist', 'display'),
  // One person making a thousand calls in a row: the per-person limit is not what is measured.
  requestsPerMinute: 1_000_000,
  firstRun: { ownerId: screen.ownerId, code: () => code, completed: () => (code = null) },
});
const { url } = await gateway.start(0);
const browser = await launchChromium();
try {
  const setUp = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, email: 'gabbai@bench.test', password: 'correct horse battery' }),
  });
  if (!setUp.ok) throw new Error(`setup refused: ${await setUp.text()}`);
  const [name, value] = setUp.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];

  // Time to interactive: navigation start until the synagogue page's form holds the saved name.
  const loads: number[] = [];
  for (let load = 0; load < LOADS; load++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'he-IL' });
    await context.addCookies([{ name, value, url }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'commit' });
    const ready = await page.waitForFunction(
      () => ((document.querySelector('input[name="name"]') as HTMLInputElement | null)?.value ? performance.now() : 0),
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    loads.push((await ready.jsonValue()) as number);
    await context.close();
  }
  report('console.time-to-interactive', median(loads), 'ms', { viewport: '390x844', cpuThrottle: 4, loads: LOADS, slowest: Math.max(...loads) });

  // The calls behind the pages opened most: who is signed in, the synagogue and screens, the prayer times, a preview.
  const headers = { Cookie: `${name}=${value}` };
  const at = encodeURIComponent(new Date(now.getTime() + 3600_000).toISOString());
  for (const [label, target] of [
    ['session', '/session'],
    ['synagogues', '/synagogues?limit=200'],
    ['devices', '/devices?limit=200'],
    ['prayer-times', '/prayer-times?limit=200'],
    ['preview', `/devices/${screen.deviceId}/preview?at=${at}`],
  ] as const) {
    const times: number[] = [];
    for (let call = 0; call < CALLS + 20; call++) {
      const started = performance.now();
      const answer = await fetch(`${url}/api/v1${target}`, { headers });
      await answer.arrayBuffer();
      if (!answer.ok) throw new Error(`${target}: ${answer.status}`);
      if (call >= 20) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    report(`console.api-p95.${label}`, times[Math.floor(times.length * 0.95)]!, 'ms', { median: median(times), calls: CALLS });
  }
} finally {
  await browser.close();
  await gateway.stop();
  await cloud.dispose();
}
