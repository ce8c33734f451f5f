/**
 * Run a configured system command (the reboot command: `["sudo", "systemctl", "reboot"]` on a Pi)
 * without a shell, so nothing in it is interpreted. Rejects with the exit status and stderr.
 */
export async function runSystemCommand(argv: readonly string[], timeoutMs = 30_000): Promise<string> {
  const [file, ...args] = argv;
  if (!file) throw new Error('system command is empty; set it in the device config as an argv array, e.g. ["sudo","systemctl","reboot"]');
  // Loaded on first use: child_process costs every start its compile, and a command may never run.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const detail = String(stderr).trim().slice(0, 500) || error.message;
      reject(new Error(`"${argv.join(' ')}" failed (${error.code ?? error.signal ?? 'error'}): ${detail}`));
    });
  });
}
