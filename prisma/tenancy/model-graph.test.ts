import { describe, expect, it } from 'vitest';
import { Prisma as MongoPrisma, type PrismaClient as MongoClient } from '../generated/mongo/index.js';
import { Prisma as SqlitePrisma } from '../generated/sqlite/index.js';
import { modelGraph } from './model-graph.js';
import { tenancyExtension } from './tenancy-extension.js';

// Needs both clients: `npm run prisma:generate` (the test script runs it first).

/** The same extension must apply to the production client; checked by the compiler, never run here. */
export const _appliesToMongoClient = (client: MongoClient) => client.$extends(tenancyExtension(MongoPrisma.dmmf));

const GLOBAL_MODELS = [
  'User',
  'DeviceCertificate',
  'DeviceToken',
  'License',
  'RemoteInstallation',
  'MqttTopic',
  'MqttConnection',
  'MqttTopicState',
  'MlPrediction',
  'Anomaly',
  'Alert',
  'DetectedPattern',
  'DetectedAnomaly',
  'MaintenancePrediction',
  'MaintenanceMode',
  'TelemetryData',
  'HealthCheckHistory',
  'Session',
  'ApiToken',
  'RateLimitBucket',
];

describe('modelGraph', () => {
  const mongo = modelGraph(MongoPrisma.dmmf);
  const sqlite = modelGraph(SqlitePrisma.dmmf);

  it('finds the 55 tenant models (those with userId) and leaves the 20 global ones out', () => {
    expect(MongoPrisma.dmmf.datamodel.models).toHaveLength(75);
    expect(mongo.tenantModels.size).toBe(55);
    for (const global of GLOBAL_MODELS) expect(mongo.tenantModels.has(global)).toBe(false);
    for (const tenant of ['Device', 'Synagogue', 'TfilaTime', 'HolidayTimes', 'AuditLog', 'WhatsAppMessage']) expect(mongo.tenantModels.has(tenant)).toBe(true);
  });

  it('derives the same tenant models and relations from the MongoDB and the SQLite client', () => {
    expect([...sqlite.tenantModels].sort()).toEqual([...mongo.tenantModels].sort());
    expect(Object.fromEntries([...sqlite.relations].map(([m, r]) => [m, Object.fromEntries(r)]))).toEqual(
      Object.fromEntries([...mongo.relations].map(([m, r]) => [m, Object.fromEntries(r)])),
    );
  });

  it('knows which global models lead to tenant rows through relations: none, today', () => {
    expect([...mongo.reachesTenant].sort()).toEqual([...mongo.tenantModels].sort());
  });

  it('follows relation chains of any length to a tenant model', () => {
    const chain = modelGraph({
      datamodel: {
        models: [
          { name: 'G1', fields: [{ name: 'g2', kind: 'object', type: 'G2', relationName: 'a' }] },
          { name: 'G2', fields: [{ name: 't', kind: 'object', type: 'T', relationName: 'b' }] },
          { name: 'T', fields: [{ name: 'userId', kind: 'scalar', type: 'String' }] },
          { name: 'Lone', fields: [{ name: 'id', kind: 'scalar', type: 'String' }] },
        ],
      },
    });
    expect([...chain.reachesTenant].sort()).toEqual(['G1', 'G2', 'T']);
  });

  it('does not mistake a MongoDB composite-type field (TfilaTime.time) for a relation', () => {
    expect(mongo.relations.get('TfilaTime')?.size).toBe(0);
    expect(mongo.relations.get('Device')?.get('synagogue')).toBe('Synagogue');
  });
});
