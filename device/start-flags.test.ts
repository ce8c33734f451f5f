import { describe, expect, it } from 'vitest';
import { parseStartFlags, startFlagsArgv } from './start-flags.js';

describe('the start flags', () => {
  it('reach the Electron process whole, so `luach start --config` means the same in both shells', () => {
    const flags = parseStartFlags(['--data', '/var/lib/luach', '--config', '/etc/luach.json', '--port', '9000'], true);
    expect(startFlagsArgv(flags)).toEqual(['--data=/var/lib/luach', '--config=/etc/luach.json', '--port=9000']);
    expect(parseStartFlags(['/opt/luach/app', ...startFlagsArgv(flags), '--enable-features=UseOzonePlatform'], false)).toEqual({ ...flags, headless: false });
  });

  it('refuses an unknown flag from a person, and takes Chromium’s own switches in Electron', () => {
    expect(() => parseStartFlags(['--colour', 'blue'], true)).toThrow(/Unknown option '--colour'/);
    expect(parseStartFlags(['--no-sandbox', '--data=/d'], false)).toEqual({ data: '/d', headless: false, standalone: false });
  });
});
