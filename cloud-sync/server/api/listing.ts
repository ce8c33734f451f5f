import type { PageQuery } from '../../protocol/api/paging.js';
import { ApiProblem } from '../http/api-problem.js';

/** A row as JSON: instants as ISO strings, at every depth (what the response schemas describe). */
export function plain<T>(row: T): unknown {
  return JSON.parse(JSON.stringify(row)) as unknown;
}

const encode = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decode(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw new ApiProblem(400, 'invalid-query', 'cursor: not one this API gave; pass nextCursor of the previous page as it was', {
      'query.cursor': 'expected the nextCursor of the previous page',
    });
  return id;
}

type FindArgs = { where?: object; orderBy: object[]; take: number; cursor?: { id: string }; skip?: number };

/**
 * One page of a list, oldest first, by keyset (createdAt, id): stable while rows are added.
 * `find` and `count` run in the request's tenant context, so the list is the tenant's own.
 */
export async function listPage<T extends { id: string }>(
  query: PageQuery,
  find: (args: FindArgs) => Promise<T[]>,
  count: (args: { where?: object }) => Promise<number>,
  where?: object,
  newestFirst = false,
): Promise<{ items: unknown[]; nextCursor: string | null; total: number }> {
  const order = newestFirst ? 'desc' : 'asc';
  const rows = await find({
    ...(where ? { where } : {}),
    orderBy: [{ createdAt: order }, { id: order }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: decode(query.cursor) }, skip: 1 } : {}),
  });
  const items = rows.slice(0, query.limit);
  return {
    items: items.map(plain),
    nextCursor: rows.length > query.limit ? encode(items.at(-1)!.id) : null,
    total: await count(where ? { where } : {}),
  };
}
