/**
 * A whole device link in its own process, for tests that must kill it (SIGKILL) and for a person
 * to watch with `mosquitto_sub -v -t 'luach/#'`. Configured by environment:
 *   LUACH_BROKER_URL, LUACH_DEVICE_ID, LUACH_DEVICE_PASSWORD, LUACH_CACHE_FILE,
 *   LUACH_HEARTBEAT_SECONDS (default 30), LUACH_METRICS_SECONDS (default 60), LUACH_KEEPALIVE_SECONDS (default 30)
 * Prints one line `ready` once started; exits cleanly on SIGTERM.
 */
import { openCache } from '../../device/cache/open-cache.js';
import { systemClock } from '../../device/clock.js';
import { CommandBus } from '../../device/commands/command-bus.js';
import { DeviceLink } from '../../device/link/device-link.js';
import { SystemSampler } from '../../device/telemetry/system-sampler.js';
import { Telemetry } from '../../device/telemetry/telemetry.js';
import { RecordingEffects } from './recording-effects.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} for the test device process`);
  return value;
}

const startedAt = Date.now();
const { db } = openCache(required('LUACH_CACHE_FILE'), new Date());
const effects = new RecordingEffects();
const uptime = () => Math.floor((Date.now() - startedAt) / 1000);
const link = new DeviceLink(
  {
    url: required('LUACH_BROKER_URL'),
    deviceId: required('LUACH_DEVICE_ID'),
    password: required('LUACH_DEVICE_PASSWORD'),
    keepaliveSeconds: Number(process.env.LUACH_KEEPALIVE_SECONDS ?? 30),
  },
  {
    db,
    clock: systemClock,
    statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: effects.appliedEtag, display: effects.display, shell: 'test', uptimeSeconds: uptime() }),
  },
);
const bus = new CommandBus({ db, clock: systemClock, effects, outlet: link });
const telemetry = new Telemetry(
  {
    clock: systemClock,
    sampler: new SystemSampler(),
    outlet: link,
    sources: { display: () => effects.display, appliedEtag: () => effects.appliedEtag, appUptimeSeconds: uptime, rendererMemoryBytes: async () => null },
  },
  { heartbeatSeconds: Number(process.env.LUACH_HEARTBEAT_SECONDS ?? 30), metricsSeconds: Number(process.env.LUACH_METRICS_SECONDS ?? 60) },
);

link.onCommand((payload) => bus.handle(payload));
bus.start();
link.start();
telemetry.start();
// systemClock timers are unref'd; this keeps the process alive until told to stop.
const keepAlive = setInterval(() => {}, 60_000);
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  telemetry.stop();
  clearInterval(keepAlive);
  void link
    .stop()
    .then(() => bus.stop())
    .finally(() => {
      db.close();
      process.exit(0);
    });
});
