import * as z from 'zod';
import { isoDateTime } from '../../cloud-sync/protocol/primitives.js';

/** The format of release.json this build writes and reads. */
export const RELEASE_FORMAT = 1;

/**
 * release.json, at the top of every release artifact (scripts/release.ts writes it): what the
 * release is and what it was built for. The native SQLite addon inside is built for one CPU and
 * one runtime ABI (Node's, or Electron's), so a release made for another device is refused
 * before it is switched to, not discovered by a crash.
 */
export const ReleaseManifest = z.looseObject({
  format: z.literal(RELEASE_FORMAT),
  version: z.string().min(1).max(64),
  platform: z.string().min(1),
  arch: z.string().min(1),
  /** process.versions.modules of the runtime the native addon was built for. */
  abi: z.string().min(1),
  /** What that runtime was, for people ("node 20.19.0", "electron 41.7.1"). */
  runtime: z.string().min(1),
  builtAt: isoDateTime,
});
export type ReleaseManifest = z.infer<typeof ReleaseManifest>;

export interface HostRuntime {
  platform: string;
  arch: string;
  abi: string;
  runtime: string;
}

/** The runtime this process is: where an unpacked release must fit. */
export function hostRuntime(): HostRuntime {
  const electron = process.versions.electron;
  return {
    platform: process.platform,
    arch: process.arch,
    abi: process.versions.modules,
    runtime: electron ? `electron ${electron}` : `node ${process.versions.node}`,
  };
}

/** Why a release built as `manifest` cannot run here, or null when it fits. */
export function misfit(manifest: ReleaseManifest, host: HostRuntime): string | null {
  if (manifest.platform !== host.platform || manifest.arch !== host.arch)
    return `it was built for ${manifest.platform}-${manifest.arch}; this device is ${host.platform}-${host.arch}`;
  if (manifest.abi !== host.abi)
    return `its native SQLite addon was built for ABI ${manifest.abi} (${manifest.runtime}); this device runs ABI ${host.abi} (${host.runtime})`;
  return null;
}
