import { describeIssues } from '../../protocol/primitives.js';
import type { ApiError } from '../../protocol/api/api-error.js';

/** Anything that reports issues as zod does (classic or mini). */
interface Refusal {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/**
 * A request the gateway refuses, with the status and the words the caller gets. Thrown from
 * any handler; the error handler turns it into `{ error, message, fields? }`.
 */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ApiError {
    return { error: this.code, message: this.message, ...(this.fields && Object.keys(this.fields).length ? { fields: this.fields } : {}) };
  }

  /** A 400 naming every refused field; `prefix` places the paths inside a larger document ("rows.3"). */
  static invalid(code: string, refusal: Refusal, options: { prefix?: readonly PropertyKey[]; lead?: string } = {}): ApiProblem {
    const lines = describeIssues(refusal, { root: '(body)', ...(options.prefix ? { prefix: options.prefix } : {}) });
    return new ApiProblem(400, code, `${options.lead ?? 'the request was refused'}: ${lines.join('; ')}`, fieldsOf(refusal, options.prefix));
  }
}

/** field path -> message; several problems with one field are joined. */
export function fieldsOf(refusal: Refusal, prefix: readonly PropertyKey[] = []): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of refusal.issues) {
    const path = [...prefix, ...issue.path].map(String).join('.') || '(body)';
    fields[path] = fields[path] ? `${fields[path]}; ${issue.message}` : issue.message;
  }
  return fields;
}

export const notFound = (what: string) => new ApiProblem(404, 'not-found', `${what} does not exist, or is not yours to see`);
