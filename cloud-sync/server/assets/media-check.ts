import { maxBytesOf, type MediaType } from '../../protocol/assets.js';
import { ApiProblem } from '../http/api-problem.js';

/** What the bytes are, read from the bytes: the name and the declared type never decide. */
export interface SniffedMedia {
  mimeType: MediaType;
  durationMs?: number;
}

const ascii = (bytes: Buffer, from: number, to: number) => bytes.toString('latin1', from, to);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const SVG_START = /^\uFEFF?\s*(<\?xml[^>]{0,200}\?>\s*)?(<!--[\s\S]{0,2000}?-->\s*)*(<!DOCTYPE\s+svg[^>[]{0,300}>\s*)?<svg[\s>]/i;
const AVIF_BRANDS = new Set(['avif', 'avis']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash', 'mmp4']);

/** The media type of `bytes` by their signature, or null when they are none this wall shows. */
export function sniffMediaType(bytes: Buffer): MediaType | null {
  if (bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const boxEnd = Math.min(bytes.length, bytes.readUInt32BE(0));
    const brands = [ascii(bytes, 8, 12)];
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(bytes, at, at + 4));
    if (brands.some((b) => AVIF_BRANDS.has(b))) return 'image/avif';
    if (brands.some((b) => MP4_BRANDS.has(b))) return 'video/mp4';
    return null;
  }
  if (bytes.subarray(0, 4).equals(EBML)) return ascii(bytes, 0, 64).includes('webm') ? 'video/webm' : null;
  if (SVG_START.test(bytes.toString('utf8', 0, 4096))) return 'image/svg+xml';
  return null;
}

/**
 * What makes an SVG able to do more than draw: scripts, event handlers, embedded documents,
 * references to anything outside itself (which a wall could fetch, or a console could leak),
 * entity declarations (XXE, "billion laughs"). Such a file is refused, not rewritten: a logo
 * needs none of it, and a sanitiser that misses one case is worse than a clear refusal.
 */
const SVG_REFUSALS: [RegExp, string][] = [
  [/<script[\s>/]/i, 'it contains a <script>'],
  [/<(foreignObject|iframe|embed|object|audio|video)[\s>/]/i, 'it embeds another document (foreignObject, iframe, embed, object, audio or video)'],
  [/\son[a-z]+\s*=/i, 'it has an event handler attribute (onload, onclick, ...)'],
  [/javascript:/i, 'it contains a javascript: link'],
  [/<!ENTITY/i, 'it declares XML entities'],
  [
    /(?:href|src)\s*=\s*(?!["']\s*(?:#|data:image\/(?:png|jpeg|webp|gif);))/i,
    'it refers to a file outside itself (href or src not starting with # or an embedded image)',
  ],
  [/url\(\s*(?!["']?\s*#)/i, 'a style refers to a file outside itself (url() not starting with #)'],
  [/@import/i, 'a style imports another file'],
];

/** Why an SVG is refused, or null when it only draws. */
export function unsafeSvgReason(bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  for (const [pattern, reason] of SVG_REFUSALS) if (pattern.test(text)) return reason;
  return null;
}

/** The fourcc of the first video sample entry an MP4 names, or null. */
function mp4VideoCodec(bytes: Buffer): string | null {
  for (const codec of ['avc1', 'avc3', 'hvc1', 'hev1', 'av01', 'vp09', 'mp4v']) if (bytes.includes(codec, 8, 'latin1')) return codec;
  return null;
}

/** The movie header's length, when the MP4 has one (mvhd: version, then times, timescale, duration). */
function mp4DurationMs(bytes: Buffer): number | undefined {
  const at = bytes.indexOf('mvhd', 8, 'latin1');
  if (at < 0 || at + 36 > bytes.length) return undefined;
  const v1 = bytes[at + 4] === 1;
  const timescale = bytes.readUInt32BE(at + (v1 ? 24 : 16));
  const duration = v1 ? Number(bytes.readBigUInt64BE(at + 28)) : bytes.readUInt32BE(at + 20);
  return timescale > 0 && Number.isFinite(duration) ? Math.round((duration / timescale) * 1000) : undefined;
}

const DESCRIBED: Record<MediaType, string> = {
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'image/webp': 'a WebP image',
  'image/avif': 'an AVIF image',
  'image/svg+xml': 'an SVG image',
  'video/mp4': 'an MP4 video',
  'video/webm': 'a WebM video',
};
const ACCEPTED = 'PNG, JPEG, WebP, AVIF or SVG images, MP4 (H.264) or WebM videos';

/**
 * Check an upload by its content: one of the accepted types, the type it was sent as (unless
 * sent as application/octet-stream), within that type's size, an SVG that only draws, an MP4
 * in H.264 with its index. Every refusal says what was expected.
 */
export function checkMedia(bytes: Buffer, declared: string | undefined): SniffedMedia {
  if (bytes.length === 0) throw new ApiProblem(400, 'empty-file', 'the file is empty');
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) throw new ApiProblem(415, 'unsupported-media-type', `the file is none of what a wall shows: ${ACCEPTED}`);
  const said = declared?.split(';')[0]?.trim().toLowerCase();
  if (said && said !== 'application/octet-stream' && said !== sniffed)
    throw new ApiProblem(415, 'content-mismatch', `the file was sent as ${said}, but its content is ${DESCRIBED[sniffed]}; send it as ${sniffed}`);
  const limit = maxBytesOf(sniffed);
  if (bytes.length > limit)
    throw new ApiProblem(
      413,
      'file-too-large',
      `${DESCRIBED[sniffed]} may be at most ${Math.round(limit / 1024 / 1024)} MiB; this one is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB`,
    );
  if (sniffed === 'image/svg+xml') {
    const reason = unsafeSvgReason(bytes);
    if (reason) throw new ApiProblem(400, 'unsafe-svg', `the SVG was refused: ${reason}; export it again as a plain drawing, or as PNG`);
  }
  if (sniffed === 'video/mp4') {
    if (!bytes.includes('moov', 8, 'latin1'))
      throw new ApiProblem(400, 'incomplete-video', 'the MP4 has no index (moov box): it is cut short or still being written');
    const codec = mp4VideoCodec(bytes);
    if (codec !== 'avc1' && codec !== 'avc3')
      throw new ApiProblem(
        415,
        'unsupported-codec',
        `an MP4 video must be H.264 (avc1), which every screen decodes; this one is ${codec ?? 'of an unknown codec'}`,
      );
    const durationMs = mp4DurationMs(bytes);
    return { mimeType: sniffed, ...(durationMs !== undefined ? { durationMs } : {}) };
  }
  return { mimeType: sniffed };
}
