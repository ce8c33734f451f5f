// Self-update of a 30 MB release on a real wall (the installed launcher under a supervisor that
// restarts it like systemd, the display in Chromium, a real gateway, broker and release server):
//   - the time to download it at the device's default pace, verify it and unpack it;
//   - the wall's dropped frames and CPU (the luach process and all of Chromium's) while it
//     downloads, against the same wall idle for as long just before (the baseline, same run);
//   - the time the screen shows no content across the restart into the new release (goal < 5 s).
// `npm run bench -- update`
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { DEFAULT_UPDATE_SETTINGS } from '../device/config.js';
import { SupervisedWall } from '../test/support/supervised-wall.js';
import { UpdateCloud } from '../test/support/update-cloud.js';
import { report } from './support/report.js';

const DEVICE = 'bench-wall';
const TICKS_PER_SECOND = 100;

/** CPU seconds of a process so far (utime + stime from /proc). */
function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function chromiumCpuSeconds(session: CDPSession): Promise<number> {
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
}

/**
 * Frames the page missed at 60 Hz since the counter was last read: each gap of n frame times
 * lost n - 1. Page code is given as a string: tsx would wrap a function in helpers the page lacks.
 */
async function droppedFrames(page: Page): Promise<{ frames: number; dropped: number }> {
  return page.evaluate(`(() => {
    const times = window.frameTimes ?? [];
    window.frameTimes = [];
    let dropped = 0;
    for (let i = 1; i < times.length; i++) dropped += Math.max(0, Math.round((times[i] - times[i - 1]) / (1000 / 60)) - 1);
    return { frames: times.length, dropped };
  })()`);
}

async function countFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.frameTimes = [];
    const tick = (t) => {
      window.frameTimes.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** CPU (% of one core) of luach and of Chromium, and frames, over `run`. */
async function measure(wall: SupervisedWall, session: CDPSession, run: () => Promise<void>) {
  const pid = wall.supervisor.current.child.pid!;
  await droppedFrames(wall.page);
  const [luach0, chrome0, t0] = [processCpuSeconds(pid), await chromiumCpuSeconds(session), performance.now()];
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const [luach1, chrome1] = [processCpuSeconds(pid), await chromiumCpuSeconds(session)];
  return { seconds, luach: (100 * (luach1 - luach0)) / seconds, chromium: (100 * (chrome1 - chrome0)) / seconds, ...(await droppedFrames(wall.page)) };
}

/** The pino time of the first line of the current run matching `pattern`, once it is printed. */
async function loggedAt(wall: SupervisedWall, pattern: RegExp, fromRun: number): Promise<number> {
  const run = await wall.supervisor.waitFor(pattern, 120_000, fromRun);
  const line = run.output.split('\n').find((l) => pattern.test(l))!;
  return (JSON.parse(line) as { time: number }).time;
}

const up = await UpdateCloud.start(DEVICE, { metricsSeconds: 60 });
let wall: SupervisedWall | undefined;
try {
  const heavy = up.kit.variantDist('30mb', (dist) => fs.writeFileSync(path.join(dist, 'padding.bin'), crypto.randomBytes(28 * 1024 * 1024)));
  const [installed, release] = await Promise.all([up.kit.pack('0.1.0'), up.kit.pack('0.2.0', { dist: heavy })]);
  wall = await SupervisedWall.start(up, DEVICE, installed, { downloadBytesPerSecond: DEFAULT_UPDATE_SETTINGS.downloadBytesPerSecond, checkSeconds: 120 });
  await wall.showing();
  await countFrames(wall.page);
  const session = await wall.browser.newBrowserCDPSession();
  await new Promise((resolve) => setTimeout(resolve, 3000));

  // Baseline: the same wall, idle, for as long as the download will take at the default pace.
  const paceSeconds = release.sizeBytes / DEFAULT_UPDATE_SETTINGS.downloadBytesPerSecond;
  const idle = await measure(wall, session, () => new Promise((resolve) => setTimeout(resolve, paceSeconds * 1000)));

  const id = await up.publish(DEVICE, release);
  await wall.supervisor.waitFor(/"event":"update.downloading"/, 60_000);
  const during = await measure(wall, session, () => wall!.supervisor.waitFor(/"event":"update.verifying"/, 300_000).then(() => {}));
  await up.statusReaches(DEVICE, id, 'pending', 120_000, /switches in the maintenance window/);
  const run = wall.supervisor.runs.length;
  const started = await loggedAt(wall, /"event":"update.downloading","version":"0.2.0"[^\n]*"progress":0/, run);
  const verifying = await loggedAt(wall, /"event":"update.verifying"/, run);
  const unpacking = await loggedAt(wall, /"event":"update.installing"[^\n]*unpacking/, run);
  const staged = await loggedAt(wall, /"event":"update.pending"[^\n]*switches in the maintenance window/, run);
  const megabytes = Number((release.sizeBytes / 1024 / 1024).toFixed(1));
  report('update.stage_30mb_total', staged - started, 'ms', { megabytes, pace: 'default 2 MiB/s', parts: 'download + verify + unpack' });
  report('update.stage_30mb_download', verifying - started, 'ms', { megabytes, pace: 'default 2 MiB/s' });
  report('update.stage_30mb_verify', unpacking - verifying, 'ms', {
    megabytes,
    what: 'sha256 of the artifact (the signature was checked before the download)',
  });
  report('update.stage_30mb_unpack', staged - unpacking, 'ms', { megabytes, what: 'gunzip + untar + fsync of every file + rename' });
  for (const [name, value] of [
    ['idle', idle],
    ['downloading', during],
  ] as const) {
    report(`update.wall_${name}_luach_cpu`, value.luach, '% of one core', { seconds: Math.round(value.seconds) });
    report(`update.wall_${name}_chromium_cpu`, value.chromium, '% of one core', { seconds: Math.round(value.seconds), processes: 'all of Chromium' });
    report(`update.wall_${name}_dropped_frames`, value.dropped, 'frames', { frames: value.frames, seconds: Math.round(value.seconds) });
  }

  // The restart: from the old release saying it restarts to the new one's content on the screen.
  await up.ingest.dispatchCommand(DEVICE, { type: 'update-software', params: { version: '0.2.0', now: true } });
  const restartAt = await loggedAt(wall, /"event":"update.restart"/, run);
  await wall.supervisor.waitFor(/Luach display:/, 60_000, run + 1);
  const servingAt = Date.now();
  await wall.page.locator('.panel .time-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  const shownAt = Date.now();
  await up.statusReaches(DEVICE, id, 'succeeded', 120_000);
  report('update.restart_to_serving', servingAt - restartAt, 'ms', { what: 'old release stops, supervisor restarts (200 ms), boot, first model served' });
  report('update.screen_without_content', shownAt - restartAt, 'ms', {
    target: 5000,
    what: 'restart decided to the new release showing the prayer board in Chromium',
  });
} finally {
  await wall?.stop();
  await up.dispose();
}
