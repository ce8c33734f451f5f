import { describe, expect, it } from 'vitest';
import { Prisma } from '../generated/mongo/index.js';
import { modelGraph } from './model-graph.js';
import { scopeQuery } from './scope-query.js';
import { TenancyError } from './tenancy-error.js';

// The rewriting alone, on the MongoDB data model, for what the SQLite tests cannot run.

const graph = modelGraph(Prisma.dmmf);
const A = '64b7f0c2a1b2c3d4e5f60718';

describe('scopeQuery', () => {
  it('narrows a findRaw filter to the tenant, with userId as an ObjectId', () => {
    const { args } = scopeQuery(graph, 'GeneralMessage', 'findRaw', { filter: { active: true } }, A);
    expect(args).toEqual({ filter: { $and: [{ active: true }, { userId: { $oid: A } }] } });
  });

  it('starts an aggregateRaw pipeline with a $match on the tenant', () => {
    const { args } = scopeQuery(graph, 'TfilaTime', 'aggregateRaw', { pipeline: [{ $sort: { sortOrder: 1 } }] }, A);
    expect(args['pipeline']).toEqual([{ $match: { userId: { $oid: A } } }, { $sort: { sortOrder: 1 } }]);
  });

  it('leaves raw queries of a global model alone', () => {
    const { args } = scopeQuery(graph, 'TelemetryData', 'findRaw', { filter: { topic: 'x' } }, A);
    expect(args).toEqual({ filter: { topic: 'x' } });
  });

  it('keeps a unique where unique, adding the tenant beside it', () => {
    const { args } = scopeQuery(graph, 'Device', 'findUnique', { where: { credentialId: 'c-1' } }, A);
    expect(args['where']).toEqual({ credentialId: 'c-1', AND: [{ userId: A }] });
  });

  it('turns a nested to-one update into { where: tenant, data }', () => {
    const { args } = scopeQuery(graph, 'Device', 'update', { where: { id: 'd' }, data: { synagogue: { update: { name: 'x' } } } }, A);
    expect(args['data']).toEqual({ synagogue: { update: { where: { AND: [{ userId: A }] }, data: { name: 'x' } } } });
  });

  it('refuses an operation it does not know, naming the file to teach', () => {
    expect(() => scopeQuery(graph, 'Device', 'findManyStream', {}, A)).toThrow(TenancyError);
    expect(() => scopeQuery(graph, 'Device', 'findManyStream', {}, A)).toThrow(/prisma\/tenancy\/scope-query\.ts/);
  });
});
