import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** A stored file opened for sending: its size, and its bytes from `start` to `end` (inclusive) as a stream. */
export interface StoredFile {
  size: number;
  stream(start: number, end: number): Readable;
}

/** Where uploaded files go (a directory, an object store); the gateway keeps only the key. */
export interface AssetStore {
  put(key: string, bytes: Buffer, mimeType: string): Promise<void>;
  /** The bytes under `key`, or null when the store has none (a screenshot to check, a file to re-encode). */
  read(key: string): Promise<Buffer | null>;
  /** The file under `key` for sending, never read whole into memory (a video is sent by ranges); null when the store has none. */
  open(key: string): Promise<StoredFile | null>;
}

/** The embedded gateway's store: files under one directory, keys as relative paths, each written whole or not at all. */
export function directoryAssetStore(root: string): AssetStore {
  const fileOf = (key: string) => {
    const file = path.resolve(root, key);
    if (!file.startsWith(path.resolve(root) + path.sep)) throw new Error(`asset key "${key}" leaves the store`);
    return file;
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.part`;
      await fs.writeFile(partial, bytes);
      await fs.rename(partial, file);
    },
    async read(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async open(key) {
      const file = fileOf(key);
      try {
        const { size } = await fs.stat(file);
        return { size, stream: (start, end) => createReadStream(file, { start, end }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
