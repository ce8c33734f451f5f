import fs from 'node:fs';

/** The pictures and videos the wall may show (device/assets' cache): a file the state names and the device holds, by hash. */
export interface MediaLibrary {
  lookup(sha256: string): { file: string; mimeType: string } | undefined;
}

/** What to send for a media request: the whole file or the one range asked for (a video seeks by ranges). */
export interface MediaAnswer {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  file?: string;
  start?: number;
  end?: number;
}

const MEDIA_PATH = /^\/media\/([0-9a-f]{64})$/;

/**
 * `/media/<sha256>` on the display's own origin (the browser shell's server and `luach://app/`),
 * so the CSP stays 'self'. Null when the path is not a media path or the file is not one the
 * current state names and the device holds: the caller answers 404.
 */
export function answerMedia(library: MediaLibrary | undefined, pathname: string, range: string | null | undefined): MediaAnswer | null {
  const sha256 = MEDIA_PATH.exec(pathname)?.[1];
  const found = sha256 ? library?.lookup(sha256) : undefined;
  if (!found) return null;
  let size: number;
  try {
    size = fs.statSync(found.file).size;
  } catch {
    return null;
  }
  // Named by their content: a file under this name never changes.
  const headers = { 'Content-Type': found.mimeType, 'Cache-Control': 'public, max-age=31536000, immutable', 'Accept-Ranges': 'bytes' };
  const match = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (!match || (!match[1] && !match[2]))
    return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, file: found.file, start: 0, end: size - 1 };
  let start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]));
  let end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (start >= size || end < start) return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } };
  start = Math.max(0, start);
  end = Math.max(start, end);
  return {
    status: 206,
    headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
    file: found.file,
    start,
    end,
  };
}
