import { parseArgs } from 'node:util';
import { pairThisDevice } from '../pair.js';
import { configFromFlags } from '../config.js';
import { UsageError } from '../start-flags.js';

/** `luach pair`: trade the cloud's pairing code for this device's credentials. */
export async function pairCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, config: { type: 'string' }, api: { type: 'string' }, broker: { type: 'string' }, code: { type: 'string' } },
  });
  for (const flag of ['api', 'broker', 'code'] as const)
    if (!values[flag]) throw new UsageError(`pair: --${flag} is required (luach pair --api URL --broker URL --code CODE)`);
  const config = configFromFlags(values, process.env);
  let deviceId: string;
  try {
    ({ deviceId } = await pairThisDevice({ configFile: config.configFile, apiUrl: values.api!, brokerUrl: values.broker!, code: values.code! }));
  } catch (error) {
    process.stderr.write(`luach: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`paired as ${deviceId}; credentials written to ${config.configFile}. Restart luach to connect.\n`);
  return 0;
}
