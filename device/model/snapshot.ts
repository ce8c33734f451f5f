import type { z } from 'zod';
import type { contentCollections, ContentCollectionName, DeviceConfiguration, DeviceSettings, Synagogue } from '../../cloud-sync/protocol/content.js';
import type { AssetRef } from '../../cloud-sync/protocol/assets.js';
import type { SoftwareTarget } from '../../cloud-sync/protocol/target-state.js';

/** Where the applied state came from: the cloud's sync, the embedded demo, or a file applied by hand. */
export type StateSource = 'cloud' | 'demo' | 'local';

export interface AppliedState {
  etag: string | null;
  schemaVersion: number;
  generatedAt: string;
  appliedAt: string;
  source: StateSource;
}

/** Everything the model needs from the cache, read in one go and validated. */
export interface CacheSnapshot {
  synagogue: Synagogue;
  settings: DeviceSettings;
  configuration: DeviceConfiguration;
  content: { [K in ContentCollectionName]: z.infer<(typeof contentCollections)[K]>[] };
  software?: z.infer<typeof SoftwareTarget>;
  /** The files the state names (logo, slide images and videos); whether the device holds each is another matter. */
  assets: AssetRef[];
  applied: AppliedState;
}

/** A file of the state that the device holds, as the display fetches it. */
export interface HeldMedia {
  url: string;
  video: boolean;
}
