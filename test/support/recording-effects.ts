import type { CommandParams, SettingsPatch } from '../../cloud-sync/protocol/commands.js';
import type { CommandEffects } from '../../device/commands/command-effects.js';

/** 1x1 transparent PNG. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * Real-but-local CommandEffects: each effect changes a small in-memory device (display power,
 * settings, a log) and counts its calls, so a test can see exactly what ran and how often.
 */
export class RecordingEffects implements CommandEffects {
  readonly calls: string[] = [];
  display: 'on' | 'off' = 'on';
  settings: Record<string, unknown> = { theme: 'classic', language: 'he' };
  appliedEtag = '"e1"';
  readonly uploads = new Map<string, Uint8Array>();
  log: string[] = ['{"msg":"started"}', '{"msg":"paired","mqttPassword":"hunter2"}', '{"msg":"synced","etag":"\\"e1\\""}'];

  count(name: string): number {
    return this.calls.filter((call) => call === name).length;
  }

  async reloadDisplay() {
    this.calls.push('reloadDisplay');
  }
  async restartApp() {
    this.calls.push('restartApp');
  }
  async reboot() {
    this.calls.push('reboot');
  }
  async syncNow() {
    this.calls.push('syncNow');
    return { appliedEtag: this.appliedEtag };
  }
  async captureScreenshot() {
    this.calls.push('captureScreenshot');
    return TINY_PNG;
  }
  async uploadScreenshot(png: Uint8Array) {
    this.calls.push('uploadScreenshot');
    const id = `shot-${this.uploads.size + 1}`;
    this.uploads.set(id, png);
    return id;
  }
  async applySettings(patch: SettingsPatch) {
    this.calls.push('applySettings');
    this.settings = { ...this.settings, ...patch };
  }
  async setDisplayPower(on: boolean) {
    this.calls.push('setDisplayPower');
    this.display = on ? 'on' : 'off';
  }
  async identify(_seconds: number) {
    this.calls.push('identify');
  }
  async readLogLines(count: number) {
    this.calls.push('readLogLines');
    return this.log.slice(-count);
  }
  async clearCacheAndResync() {
    this.calls.push('clearCacheAndResync');
    return { appliedEtag: this.appliedEtag };
  }
  async updateSoftware(params: CommandParams<'update-software'>) {
    this.calls.push('updateSoftware');
    return { version: params.version ?? params.release?.version, switches: params.now ? 'as soon as it is verified' : 'in the maintenance window' };
  }
}
