import crypto from 'node:crypto';

/**
 * The strong ETag of a target state: sha256 over its canonical JSON (keys sorted at every
 * depth) without `generatedAt`, so the same content always has the same tag however it was
 * built, and any change of content changes it. 45 characters with the quotes: it fits the
 * heartbeat's `appliedEtag` (at most 64).
 */
export function stateEtag(state: Record<string, unknown>): string {
  const { generatedAt: _generatedAt, ...content } = state;
  return `"${crypto.createHash('sha256').update(canonicalJson(content)).digest('base64url')}"`;
}

/** JSON with keys sorted at every depth and undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether an `If-None-Match` header names `etag`. RFC 9110 compares If-None-Match weakly, so
 * `W/"x"` matches `"x"`; `*` matches any current state.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
