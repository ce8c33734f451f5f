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

/**
 * Text a person types, bounded so no field can freeze a wall (a 100 KB message once stopped a
 * wall's clock for 30 s): a name or title fits a line, a message a screenful. Required text is
 * never empty.
 */
export const lineText = z.string().max(200);
export const requiredLine = z.string().min(1).max(200);
export const paragraphText = z.string().max(4000);
export const requiredParagraph = z.string().min(1).max(4000);
/** A custom slide's markup (rebuilt through an allow-list on the wall), bounded like a page. */
export const markupText = z.string().max(20_000);
/** An id of a row, an asset or a device: what the cloud's database issues, never text. */
export const recordId = z.string().min(1).max(64);
/** A cron expression as a person writes one ("0 6 * * 0-5"); parsed where it is armed. */
export const cronText = z.string().min(1).max(100);

const knownZones = new Map<string, boolean>();
/** Whether this runtime's Intl knows the zone (IANA names and their aliases), remembered per name. */
function isKnownTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

/** An IANA time zone the runtime's own Intl knows ("Asia/Jerusalem"): a typo is refused here, not by a wall that cannot start. */
export const ianaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimeZone, { message: 'expected an IANA time zone such as Asia/Jerusalem or America/New_York' });
