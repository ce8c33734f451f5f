// The web console as a gabbai's phone meets it: the size of its script (gzipped, as served), its
// time to interactive on a 390 px viewport with the CPU throttled 4x, and the p95 of the API calls
// behind the pages opened most. The gateway is the standalone one, seeded with the demo synagogue.
// Run: npm run build && node --import tsx bench/console.ts
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../test/support/chromium.js';
import { startSetUpStandaloneGateway } from '../test/support/standalone-gateway.js';
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

const standalone = await startSetUpStandaloneGateway({ requestsPerMinute: 1_000_000 });
const { url, screen } = standalone;
const { name, value } = standalone.cookie;
const now = new Date();
const browser = await launchChromium();
try {
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
  await standalone.stop();
}
