import { describe, expect, it } from 'vitest';
import { runSystemCommand } from './system-command.js';

describe('runSystemCommand', () => {
  it('runs the configured argv without a shell', async () => {
    expect(await runSystemCommand([process.execPath, '-e', 'process.stdout.write(process.argv[1])', '$(reboot) ; echo'])).toBe('$(reboot) ; echo');
  });

  it('says which command failed and what it printed', async () => {
    await expect(runSystemCommand([process.execPath, '-e', 'console.error("reboot: permission denied"); process.exit(3)'])).rejects.toThrow(
      /failed \(3\): reboot: permission denied/,
    );
  });

  it('refuses an empty command with how to configure one', async () => {
    await expect(runSystemCommand([])).rejects.toThrow(/argv array/);
  });

  it('gives up on a command that hangs', async () => {
    await expect(runSystemCommand([process.execPath, '-e', 'setInterval(() => {}, 1000)'], 300)).rejects.toThrow(/SIGTERM/);
  });
});
