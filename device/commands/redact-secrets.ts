/**
 * Log lines leave the device when an operator collects them, so anything that looks like a
 * credential is masked first: key=value and "key": "value" pairs with secret-sounding keys,
 * bearer tokens, credentials inside URLs, and long opaque tokens such as JWTs.
 */
const SECRET_KEY = '(?:pass(?:word|wd)?|secret|token|api[-_]?key|authorization|auth|credential|private[-_]?key|cookie|session)';
const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  [new RegExp(`("[\\w-]*${SECRET_KEY}[\\w-]*"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"[redacted]"'],
  [new RegExp(`\\b([\\w-]*${SECRET_KEY}[\\w-]*\\s*[=:]\\s*)(?!\\[redacted\\])[^\\s,;&"']+`, 'gi'), '$1[redacted]'],
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1[redacted]@'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '[redacted-jwt]'],
];

export function redactSecrets(line: string): string {
  return PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}
