import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { MetricsQuery, MetricsSeries } from '../../protocol/api/fleet.js';
import type { GatewayDb } from '../gateway-db.js';
import { notFound } from '../http/api-problem.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const DAY_MS = 24 * 3_600_000;

/** A device's metrics over time (CPU, temperature, memory, disk), for the console's sparkline. */
export function metricsRoutes(app: FastifyInstance, services: { db: GatewayDb; clock: { now(): Date } }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = services;
  api.get(
    '/devices/:id/metrics',
    {
      schema: {
        tags: ['fleet'],
        summary: 'The device’s metrics since ?since= (default 24 h), oldest first',
        params: IdParams,
        querystring: MetricsQuery,
        response: { 200: MetricsSeries, 404: ApiError },
      },
    },
    async (request) => {
      const device = await db.device.findUnique({ where: { id: request.params.id }, select: { id: true } });
      if (!device) throw notFound(`device ${request.params.id}`);
      const since = request.query.since ? new Date(request.query.since) : new Date(clock.now().getTime() - DAY_MS);
      const rows = await db.deviceMetrics.findMany({
        where: { deviceId: device.id, sampledAt: { gte: since } },
        orderBy: [{ sampledAt: 'asc' }],
        take: request.query.limit + 1,
      });
      const items = rows.slice(0, request.query.limit).map((row) => ({
        sampledAt: row.sampledAt.toISOString(),
        cpuPercent: row.cpuPercent,
        cpuTemperatureC: row.cpuTemperatureC,
        memoryUsedBytes: row.memoryUsedBytes,
        memoryTotalBytes: row.memoryTotalBytes,
        diskUsedBytes: row.diskUsedBytes,
        diskTotalBytes: row.diskTotalBytes,
        uptimeSeconds: row.uptimeSeconds,
        throttled: row.throttled,
      }));
      return { items, truncated: rows.length > request.query.limit };
    },
  );
}
