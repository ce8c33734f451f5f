import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { ApiProblem } from './api-problem.js';

/** What a route may say about its own refusals (route `config`). */
export interface RouteWords {
  /** The message for a body that fails the route's schema, when one sentence helps more than the field list. */
  invalidBody?: string;
  /** The message for a body of a type the route does not take. */
  mediaType?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    invalidBody?: string;
    mediaType?: string;
  }
}

const BY_FASTIFY_CODE: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', 'send the body as JSON with Content-Type: application/json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid-json', 'the body is empty; send a JSON document'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid-json', 'the body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid-content-length', 'Content-Length does not match the body'],
};

/**
 * One error shape for the whole gateway: `{ error, message, fields? }`. Refusals (ApiProblem,
 * schema failures, parser errors) are answered and logged at info; anything else is a 500 whose
 * details stay in the log, never in the answer.
 */
export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: FastifyError | ApiProblem, request, reply) => {
    let problem: ApiProblem;
    if (error instanceof ApiProblem) problem = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext ?? 'body';
      const issues = error.validation.flatMap((v) => {
        const path = v.instancePath.split('/').filter(Boolean);
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        // One line per unknown field, at the field, so a form can mark it.
        return unknown
          ? unknown.map((key) => ({ path: [...path, key], message: 'unknown field; it is not part of this resource' }))
          : [{ path, message: v.message ?? 'invalid' }];
      });
      const words = request.routeOptions.config.invalidBody;
      const lead = context === 'body' ? 'the body was refused' : `the ${context === 'querystring' ? 'query' : context} was refused`;
      problem = ApiProblem.invalid(
        context === 'body' ? 'invalid-body' : `invalid-${context === 'querystring' ? 'query' : context}`,
        { issues },
        {
          lead,
          ...(context === 'body' ? {} : { prefix: [context === 'querystring' ? 'query' : context] }),
        },
      );
      if (words) problem = new ApiProblem(400, problem.code, words, problem.fields);
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && request.routeOptions.config.mediaType) {
      problem = new ApiProblem(415, 'unsupported-media-type', request.routeOptions.config.mediaType!);
    } else if (error.code && BY_FASTIFY_CODE[error.code]) {
      const [status, code, message] = BY_FASTIFY_CODE[error.code]!;
      problem = new ApiProblem(status, code, message);
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      problem = new ApiProblem(413, 'body-too-large', `the body exceeds ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes`);
    } else if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      problem = new ApiProblem(400, 'invalid-json', 'the body is not valid JSON');
    } else if (error.statusCode === 429) {
      problem = new ApiProblem(429, 'too-many-requests', error.message);
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = new ApiProblem(error.statusCode, 'bad-request', error.message);
    } else {
      logger.error({ method: request.method, path: request.routeOptions.url ?? request.url, err: error.message, stack: error.stack }, 'request failed');
      return reply.code(500).send({ error: 'internal', message: 'the gateway failed to answer; it was logged, try again later' });
    }
    return reply.code(problem.status).headers(problem.headers).send(problem.body);
  });
}
