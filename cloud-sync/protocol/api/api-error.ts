import { z } from 'zod';

/**
 * Every error the gateway answers, device endpoints and /api/v1 alike: a stable kebab-case
 * `error` a program can switch on, a `message` a person can act on, and for a refused body or
 * query one line per field (`fields["time.time"]`), so a form can put each message beside its input.
 */
export const ApiError = z
  .object({
    error: z.string().describe('stable code, e.g. "invalid-body", "precondition-failed"'),
    message: z.string().describe('what went wrong and what to do, in words'),
    fields: z.record(z.string(), z.string()).optional().describe('field path ("time.time", "rows.3.diedOn") -> what was expected'),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiError>;
