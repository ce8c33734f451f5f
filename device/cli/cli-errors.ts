/** The device could not start: one line, exit code 1, everything that had started stopped again. */
export class StartFailed extends Error {
  override name = 'StartFailed';
}

/** Print one JSON answer the way every one-shot command does. */
export function printJson(value: unknown): number {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}
