// The target state of a large synagogue (2,000 yahrzeits, 300 messages, 200 prayer-time rules,
// 100 slides) as the gateway serves it: a cold build (the tenant's data just changed), a cached
// one, and a whole 304 over HTTP (authentication included), beside a 404 as the HTTP baseline.
// Run: node --import tsx bench/target-state.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createGateway } from '../cloud-sync/server/gateway.js';
import { asDeviceOwner, asGateway, openSqliteGatewayDb } from '../cloud-sync/server/gateway-db.js';
import { createPairingCode, pairDevice } from '../cloud-sync/server/pairing.js';
import { tenantOwned } from '../prisma/tenancy/index.js';
import { median, report } from './support/report.js';

const TENANT = 'bench-tenant';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-state-'));
const { client, db } = openSqliteGatewayDb(path.join(dir, 'cloud.db'));
const gateway = createGateway({ prisma: db, logger: pino({ level: 'silent' }), stateCache: { enabled: true, maxAgeMs: 3_600_000 } });

const synagogue = await asGateway(() =>
  db.synagogue.create({
    data: { userId: TENANT, name: 'Beit Knesset HaGadol', latitude: 31.7767, longitude: 35.2159, timezone: 'Asia/Jerusalem', israel: true },
  }),
);
await asGateway(() =>
  db.device.create({ data: { id: 'bench-wall', userId: TENANT, name: 'Main hall', credentialId: 'pending-bench', synagogueId: synagogue.id } }),
);
await asDeviceOwner(TENANT, async () => {
  const months = ['Tishrei', 'Cheshvan', 'Kislev', 'Tevet', "Sh'vat", 'Adar', 'Nisan', 'Iyyar', 'Sivan', 'Tamuz', 'Av', 'Elul'];
  await db.hanzch.createMany({
    data: Array.from({ length: 2000 }, (_, i) =>
      tenantOwned(
        i % 2
          ? { name: `Yahrzeit ${i}`, hebrewDay: 1 + (i % 29), hebrewMonth: months[i % 12]!, memorialLight: i % 7 === 0 }
          : { name: `Yahrzeit ${i}`, diedOn: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 9}`, afterSunset: i % 3 === 0 },
      ),
    ),
  });
  await db.generalMessage.createMany({
    data: Array.from({ length: 300 }, (_, i) => tenantOwned({ title: `Message ${i}`, body: `Announcement number ${i}: shiur after Maariv`, priority: i % 5 })),
  });
  await db.tfilaTime.createMany({
    data: Array.from({ length: 200 }, (_, i) =>
      tenantOwned({
        name: `Minyan ${i}`,
        category: 'mincha',
        time: { kind: 'zman', zman: 'sunset', offsetMinutes: -(i % 30) },
        rounding: { mode: 'down', step: 5 },
        daysOfWeek: [i % 7],
        dayKinds: [],
        sortOrder: i,
      }),
    ),
  });
  await db.screenTimer.createMany({
    data: Array.from({ length: 100 }, (_, i) =>
      tenantOwned({ slide: i % 2 ? 'custom' : 'zmanim', title: `Slide ${i}`, text: `Slide text ${i}`, sortOrder: i, daysOfWeek: [], dayKinds: [] }),
    ),
  });
});
const now = new Date();
const { code } = await asDeviceOwner(TENANT, () => createPairingCode(db, 'bench-wall', now));
const paired = await pairDevice(db, code, now);
if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
const device = await asGateway(() => db.device.findUniqueOrThrow({ where: { id: 'bench-wall' } }));

const time = async (runs: number, fn: () => Promise<unknown>) => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
};

for (let i = 0; i < 3; i++) {
  gateway.states.tenantChanged(TENANT);
  await gateway.states.current(device, now);
}
const cold = await time(20, () => {
  gateway.states.tenantChanged(TENANT);
  return gateway.states.current(device, now);
});
const served = await gateway.states.current(device, now);
const cached = await time(2000, () => gateway.states.current(device, now));

const { url } = await gateway.start(0);
const headers = { Authorization: `Bearer ${paired.paired.token}`, 'If-None-Match': served.etag };
const get = (path: string, h: Record<string, string> = {}) => fetch(`${url}${path}`, { headers: h }).then((r) => r.arrayBuffer().then(() => r.status));
for (let i = 0; i < 50; i++) await get('/device/v1/state', headers);
const notModified = await time(500, async () => {
  if ((await get('/device/v1/state', headers)) !== 304) throw new Error('expected 304');
});
const baseline = await time(500, () => get('/device/v1/nothing'));

const rows = { yahrzeits: 2000, messages: 300, rules: 200, slides: 100, stateBytes: served.body.length };
report('target-state.cold-build.median', median(cold), 'ms', { target: '<= 50', ...rows });
report('target-state.cached.median', median(cached), 'ms', { target: '<= 2' });
report('target-state.304.median', median(notModified), 'ms', { target: '<= 5', baselineHttp404: Number(median(baseline).toFixed(3)) });

await gateway.stop();
await client.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
