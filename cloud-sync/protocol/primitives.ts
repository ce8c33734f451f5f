import * as z from 'zod';

/** An instant as ISO 8601 with an offset or Z ("2026-12-04T15:30:00+02:00"); never a bare local time. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** An http(s) URL: the only schemes a device fetches from or a person links to. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** What a schema refused, as zod reports it (the classic and mini builds share this shape). */
interface Refusal {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/**
 * One line per problem, "field.path: what was expected", for logs, command results and API
 * errors alike. `prefix` places the paths inside a larger document ("params.seconds").
 */
export function describeIssues(refusal: Refusal, options: { root?: string; prefix?: readonly PropertyKey[] } = {}): string[] {
  return refusal.issues.map((issue) => {
    const path = [...(options.prefix ?? []), ...issue.path].map(String).join('.');
    return `${path || (options.root ?? '(root)')}: ${issue.message}`;
  });
}
