import type { CommandParams, SettingsPatch } from '../../cloud-sync/protocol/commands.js';

/**
 * Everything a command may do to the device, implemented by the runtime (and by real-but-local
 * stand-ins in tests). Each method resolves when the effect is done and rejects with an Error
 * whose message says what went wrong; that message becomes the command's `failed` reason.
 */
export interface CommandEffects {
  /** Reload the renderer (Electron window or browser page). */
  reloadDisplay(): Promise<void>;
  /** Restart the Luach process (systemd brings it back). May never resolve: the process ends. */
  restartApp(): Promise<void>;
  /** Reboot the device, typically runSystemCommand(config.rebootCommand). May never resolve. */
  reboot(): Promise<void>;
  /** Fetch the target state now; resolves with the applied etag. */
  syncNow(): Promise<{ appliedEtag: string | null }>;
  /** A PNG of what the screen shows now. */
  captureScreenshot(): Promise<Uint8Array>;
  /** Store the PNG where the cloud can fetch it; resolves with its id. */
  uploadScreenshot(png: Uint8Array): Promise<string>;
  /** Persist and apply the (already validated) settings change live. */
  applySettings(patch: SettingsPatch): Promise<void>;
  /** Switch the panel on or off. */
  setDisplayPower(on: boolean): Promise<void>;
  /** Flash the screen for `seconds` so someone in the room can tell which screen this is. */
  identify(seconds: number): Promise<void>;
  /** The last `count` lines of the device log, oldest first (redacted again before it leaves). */
  readLogLines(count: number): Promise<string[]>;
  /** Empty the content cache and sync from scratch. */
  clearCacheAndResync(): Promise<{ appliedEtag: string | null }>;
  /** Start installing a release (device/update); resolves once it is under way, with what will happen and when. */
  updateSoftware(params: CommandParams<'update-software'>): Promise<Record<string, unknown>>;
}
