import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Publish } from '../device-commands.js';
import { asDeviceOwner, type GatewayDb } from '../gateway-db.js';
import type { TargetStateCache } from '../target-state-cache.js';
import type { Nudger } from './nudges.js';

/** Cloud-only topic (the broker lets no device near it) on which replicas tell each other what changed. */
export const CLOUD_CHANGES_TOPIC = 'luach/v1/cloud/changes';
const ChangeNotice = z.object({ tenantId: z.string().min(1).max(64), from: z.string().min(1).max(64) });

/** After a committed write: which devices it touched. `all` = every device of the tenant (its content). */
export interface Change {
  tenantId: string;
  devices: string[] | 'all';
}

/**
 * What happens after every committed write of a tenant's data: this replica's target-state
 * cache forgets the tenant, the other replicas are told through the broker, and the affected
 * devices are nudged (gathered by the Nudger).
 */
export class ChangeFeed {
  readonly replicaId = crypto.randomBytes(8).toString('hex');

  constructor(private readonly deps: { db: GatewayDb; states: TargetStateCache; nudger: Nudger; logger: Logger; publish?: Publish | undefined }) {}

  async changed(change: Change): Promise<void> {
    this.deps.states.tenantChanged(change.tenantId);
    this.deps
      .publish?.(CLOUD_CHANGES_TOPIC, { tenantId: change.tenantId, from: this.replicaId })
      .catch((error: Error) =>
        this.deps.logger.warn({ err: error.message }, 'could not tell the other replicas about a change; their caches catch up within their max age'),
      );
    const devices =
      change.devices === 'all'
        ? (
            await asDeviceOwner(change.tenantId, () => this.deps.db.device.findMany({ where: { status: 'active', revokedAt: null }, select: { id: true } }))
          ).map((d) => d.id)
        : change.devices;
    this.deps.nudger.affect(devices);
  }

  /** A notice from the broker: another replica changed a tenant's data. */
  heard(payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    const notice = ChangeNotice.safeParse(json);
    if (notice.success && notice.data.from !== this.replicaId) this.deps.states.tenantChanged(notice.data.tenantId);
  }
}
