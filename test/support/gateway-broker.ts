import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Mosquitto } from './mosquitto.js';

const MOSQUITTO_PASSWD = process.env.LUACH_MOSQUITTO_PASSWD ?? 'mosquitto_passwd';

/**
 * Provision a broker login the way a password-file deployment would from the gateway's
 * onPaired hook: add it to the test broker's password file and have Mosquitto reload (SIGHUP).
 */
export function addBrokerLogin(broker: Mosquitto, username: string, password: string): void {
  execFileSync(MOSQUITTO_PASSWD, ['-b', path.join(broker.dir, 'passwd'), username, password], { stdio: 'ignore' });
  if (!broker.pid) throw new Error('the test broker is not running');
  process.kill(broker.pid, 'SIGHUP');
}
