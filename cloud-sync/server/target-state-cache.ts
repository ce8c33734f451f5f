import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { buildDeviceParts, buildTenantContent, composeTargetState, type TenantContent } from './build-target-state.js';
import { asDeviceOwner, type GatewayDb } from './gateway-db.js';

export interface ServedState {
  etag: string;
  /** The JSON document as sent. */
  body: string;
}

export interface TargetStateCacheOptions {
  /**
   * Off: every request builds the state from the database, so a write made by any means is seen
   * at once. On: a tenant's states are kept until `tenantChanged(tenant)` says its data changed
   * (every API write says so, on every replica through the broker) or until `maxAgeMs` passes,
   * which bounds what a write made around the API (a script on the database) can leave stale.
   */
  enabled: boolean;
  maxAgeMs?: number;
  /** Devices whose states are kept (least recently served first out). */
  maxDevices?: number;
}

interface TenantEntry {
  version: string;
  content?: { at: number; built: Promise<TenantContent> };
}

/**
 * The per-tenant target-state cache: a tenant's content (the expensive part: thousands of
 * yahrzeits and messages, the same for all its devices) is built once per version of the
 * tenant's data, and each device's state once per version; a version is a fresh random token
 * each time the tenant's data changes, so replicas need not agree on counters.
 */
export class TargetStateCache {
  private readonly tenants = new Map<string, TenantEntry>();
  private readonly devices = new Map<string, { version: string; at: number; served: ServedState }>();
  private readonly maxAgeMs: number;
  private readonly maxDevices: number;

  constructor(
    private readonly db: GatewayDb,
    private readonly logger: Logger,
    private readonly options: TargetStateCacheOptions,
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.maxDevices = options.maxDevices ?? 50_000;
  }

  /** The tenant's data changed (content, synagogue, settings, devices, releases): its states are built anew. */
  tenantChanged(tenantId: string): void {
    this.tenants.set(tenantId, { version: crypto.randomUUID() });
  }

  /** The state `device` should hold now; throws TargetStateUnavailable when a person must fix something. */
  async current(device: { id: string; userId: string; synagogueId: string | null }, now: Date): Promise<ServedState> {
    if (!this.options.enabled) return this.build(device, now, undefined);
    const tenant = this.tenantEntry(device.userId);
    const kept = this.devices.get(device.id);
    const fresh = (at: number) => now.getTime() - at < this.maxAgeMs;
    if (kept && kept.version === tenant.version && fresh(kept.at)) {
      this.devices.delete(device.id);
      this.devices.set(device.id, kept);
      return kept.served;
    }
    const version = tenant.version;
    const served = await this.build(device, now, tenant);
    this.devices.delete(device.id);
    this.devices.set(device.id, { version, at: now.getTime(), served });
    while (this.devices.size > this.maxDevices) this.devices.delete(this.devices.keys().next().value!);
    return served;
  }

  private tenantEntry(tenantId: string): TenantEntry {
    let entry = this.tenants.get(tenantId);
    if (!entry) {
      entry = { version: crypto.randomUUID() };
      this.tenants.set(tenantId, entry);
    }
    return entry;
  }

  private build(device: { id: string; userId: string; synagogueId: string | null }, now: Date, tenant: TenantEntry | undefined): Promise<ServedState> {
    const logger = this.logger.child({ deviceId: device.id });
    return asDeviceOwner(device.userId, async () => {
      const parts = await buildDeviceParts(this.db, device, logger);
      let content: TenantContent;
      if (!tenant) content = await buildTenantContent(this.db, logger);
      else {
        // Devices of one tenant syncing together after a nudge share one build of the content.
        if (!tenant.content || now.getTime() - tenant.content.at >= this.maxAgeMs) {
          const built = buildTenantContent(this.db, logger);
          tenant.content = { at: now.getTime(), built };
          built.catch(() => (tenant.content = undefined));
        }
        content = await tenant.content.built;
      }
      return composeTargetState(parts, content.forSynagogue(device.synagogueId), now, device.id);
    });
  }
}
