/**
 * The shape of the data model the tenancy extension needs, read from the generated client's
 * `Prisma.dmmf` (the runtime data model), so the tenant model list follows the schema: a model
 * is tenant-scoped exactly when it has a `userId` field.
 */

/** The part of `Prisma.dmmf` we read; both the MongoDB and the SQLite client provide it. */
export interface RuntimeDataModel {
  datamodel: {
    models: ReadonlyArray<{
      name: string;
      fields: ReadonlyArray<{ name: string; kind: string; type: string; relationName?: string | null | undefined }>;
    }>;
  };
}

export const TENANT_FIELD = 'userId';

export interface ModelGraph {
  /** Models that have a `userId` field. */
  tenantModels: ReadonlySet<string>;
  /** model -> relation field -> related model. Composite-type fields are not relations. */
  relations: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** model -> every field name, to tell a nested-write operation from a field of the same name. */
  fields: ReadonlyMap<string, ReadonlySet<string>>;
  /** Tenant models, and models from which a chain of relations leads to one: their queries need scoping. */
  reachesTenant: ReadonlySet<string>;
}

export function modelGraph(dataModel: RuntimeDataModel): ModelGraph {
  const models = dataModel.datamodel.models;
  const names = new Set(models.map((model) => model.name));
  const tenantModels = new Set<string>();
  const relations = new Map<string, Map<string, string>>();
  const fields = new Map<string, Set<string>>();
  for (const model of models) {
    if (model.fields.some((field) => field.name === TENANT_FIELD)) tenantModels.add(model.name);
    fields.set(model.name, new Set(model.fields.map((field) => field.name)));
    const byField = new Map<string, string>();
    for (const field of model.fields) {
      if (field.kind === 'object' && field.relationName && names.has(field.type)) byField.set(field.name, field.type);
    }
    relations.set(model.name, byField);
  }
  return { tenantModels, relations, fields, reachesTenant: reaching(tenantModels, relations) };
}

function reaching(tenantModels: ReadonlySet<string>, relations: ReadonlyMap<string, ReadonlyMap<string, string>>): Set<string> {
  const reached = new Set(tenantModels);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [model, targets] of relations) {
      if (!reached.has(model) && [...targets.values()].some((target) => reached.has(target))) {
        reached.add(model);
        grew = true;
      }
    }
  }
  return reached;
}

/** The model a relation field of `model` points to; undefined for a scalar or composite-type field. */
export function relationTarget(graph: ModelGraph, model: string, field: string): string | undefined {
  return graph.relations.get(model)?.get(field);
}
