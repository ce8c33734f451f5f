import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem } from '../http/api-problem.js';
import type { StoredFile } from './asset-store.js';

/**
 * Send an asset's bytes, whole or the one range asked for (a device resuming a cut download, a
 * browser seeking in a video), streamed from the store. The ETag is the bytes' sha256: they never
 * change under an id.
 */
export function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: { sha256: string; mimeType: string }, file: StoredFile): FastifyReply {
  reply
    .type(asset.mimeType)
    .header('ETag', `"${asset.sha256}"`)
    .header('Accept-Ranges', 'bytes')
    .header('Cache-Control', 'private, max-age=31536000, immutable')
    .header('X-Content-Type-Options', 'nosniff')
    // An SVG opened on its own is a document: it may draw, never run anything or load anything.
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
  const range = request.headers.range;
  const size = file.size;
  if (!range || size === 0) return reply.header('Content-Length', String(size)).send(file.stream(0, Math.max(0, size - 1)));
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = match?.[1] ? Number(match[1]) : NaN;
  let end = match?.[2] ? Number(match[2]) : size - 1;
  if (match && !match[1] && match[2]) [start, end] = [Math.max(0, size - Number(match[2])), size - 1];
  if (!match || !Number.isSafeInteger(start) || start >= size || end < start)
    throw new ApiProblem(416, 'range-not-satisfiable', `the range "${range.slice(0, 60)}" is outside the file's ${size} bytes`, undefined, {
      'Content-Range': `bytes */${size}`,
    });
  end = Math.min(end, size - 1);
  return reply
    .code(206)
    .header('Content-Range', `bytes ${start}-${end}/${size}`)
    .header('Content-Length', String(end - start + 1))
    .send(file.stream(start, end));
}
