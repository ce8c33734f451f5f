import { z } from 'zod';

/** `?limit=&cursor=`: keyset paging, oldest first; `nextCursor` is opaque and null on the last page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('rows per page, 1-200'),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function Page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().describe('rows in the whole list, all pages'),
  });
}
