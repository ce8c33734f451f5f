import fs from 'node:fs';
import path from 'node:path';

/** What the asset cache holds and lacks, kept beside it for `luach doctor` (another process). */
export interface AssetStatus {
  at: string;
  quotaBytes: number;
  usedBytes: number;
  referenced: number;
  unreferencedFiles: number;
  missing: { id: string; sha256: string; mimeType: string; sizeBytes: number; reason: string }[];
}

const STATUS_FILE = 'status.json';

/** Written whole or not at all: a reader never sees half a file. */
export function writeAssetStatus(dir: string, status: AssetStatus): void {
  const file = path.join(dir, STATUS_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(status, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** For `luach doctor`: the last status, or why there is none. */
export function assetDoctor(dataDir: string): AssetStatus | string {
  const file = path.join(dataDir, 'assets', STATUS_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AssetStatus;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'no assets fetched yet (none named, or the device has not synced since it started)'
      : `unreadable: ${(error as Error).message}`;
  }
}
