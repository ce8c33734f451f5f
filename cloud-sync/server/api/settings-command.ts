import type { FastifyRequest } from 'fastify';
import { DeviceSettings } from '../../protocol/content.js';
import { SettingsPatch } from '../../protocol/commands.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import { recordAudit } from './audit.js';
import { RowCodec } from './row-codec.js';

const codec = new RowCodec('DeviceSettings');

/**
 * `set-settings` from the cloud: the cloud is the source of truth, so the patch is written into
 * the device's DeviceSettings (checked whole by the wire schema, audited) before the command is
 * sent; a later sync then brings the same settings instead of undoing them.
 */
export async function writeSettingsPatch(db: GatewayDb, request: FastifyRequest, device: { id: string; userId: string }, patch: unknown): Promise<void> {
  const checkedPatch = SettingsPatch.safeParse(patch);
  if (!checkedPatch.success)
    throw ApiProblem.invalid('invalid-body', checkedPatch.error, { prefix: ['params', 'settings'], lead: 'the settings were refused' });
  await db.$transaction(async (tx) => {
    const before = await tx.deviceSettings.findUnique({ where: { deviceId: device.id } });
    const current = before ? codec.toApi(before) : {};
    const { userId: _u, createdAt: _c, deviceId: _d, updatedAt: _up, ...wire } = current;
    const merged = DeviceSettings.safeParse({ id: before?.id ?? 'new', ...wire, ...checkedPatch.data });
    if (!merged.success) throw ApiProblem.invalid('invalid-body', merged.error, { prefix: ['params', 'settings'], lead: 'the settings were refused' });
    const { id: _id, ...values } = merged.data;
    const data = codec.toData(values, 'create');
    const after = before
      ? await tx.deviceSettings.update({ where: { id: before.id }, data })
      : await tx.deviceSettings.create({ data: tenantOwned({ ...data, deviceId: device.id }) });
    await recordAudit(tx, request, {
      ownerId: device.userId,
      action: before ? 'update' : 'create',
      entityType: 'DeviceSettings',
      entityId: after.id,
      before: before ? current : null,
      after: codec.toApi(after),
    });
  });
}
