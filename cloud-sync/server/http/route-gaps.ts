import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ApiProblem } from './api-problem.js';

/**
 * What the gateway answers where no route matches: 405 with `Allow` when the path exists under
 * another method, the console's index.html for a browser's page address (so the console's own
 * routes survive a reload), and otherwise a JSON 404 saying which APIs exist.
 */
export function installRouteGaps(app: FastifyInstance, options: { staticDir?: string | undefined }): void {
  const patterns: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]\w*/g, '[^/]+')}/?$`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = patterns.find((p) => p.pattern.source === pattern.source);
    if (known) methods.forEach((m) => known.methods.add(m));
    else patterns.push({ pattern, methods: new Set(methods) });
  });
  const index = options.staticDir ? path.join(options.staticDir, 'index.html') : undefined;

  app.setNotFoundHandler((request, reply) => {
    // The raw path: a request target such as "//" or "//x" is no URL one can parse against a base.
    const pathname = request.url.split('?')[0] ?? '/';
    const allowed = new Set(patterns.filter((p) => p.pattern.test(pathname)).flatMap((p) => [...p.methods]));
    if (allowed.size > 0) {
      const allow = [...allowed].filter((m) => m !== 'HEAD').join(', ');
      throw new ApiProblem(405, 'method-not-allowed', `${pathname} takes ${allow}`, undefined, { Allow: allow });
    }
    const api = pathname.startsWith('/api/') || pathname.startsWith('/device/');
    if (!api && index && request.method === 'GET' && /text\/html/.test(request.headers.accept ?? '') && fs.existsSync(index)) {
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(index));
    }
    throw new ApiProblem(
      404,
      'not-found',
      pathname.startsWith('/device/')
        ? 'no such endpoint; the device API is GET /device/v1/state, POST /device/v1/pair, POST /device/v1/screenshots and GET /device/v1/assets/:id'
        : 'no such endpoint; the people’s API is under /api/v1 (its OpenAPI document: /api/v1/openapi.json)',
    );
  });
}
