import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MOSQUITTO = process.env.LUACH_MOSQUITTO ?? '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = process.env.LUACH_MOSQUITTO_PASSWD ?? 'mosquitto_passwd';
const MOSQUITTO_CTRL = process.env.LUACH_MOSQUITTO_CTRL ?? 'mosquitto_ctrl';
/** Debian's mosquitto package ships the plugin here (dpkg -L mosquitto). */
export const DYNSEC_PLUGIN = process.env.LUACH_DYNSEC_PLUGIN ?? '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export interface BrokerUser {
  username: string;
  password: string;
}

/**
 * A private Mosquitto for one test file: loopback only, a free port, its own password file and an
 * ACL confining each device to `luach/v1/devices/<username>/#`, plus a `cloud` operator allowed the
 * whole tree. Persistence is on in a temp dir, so restart() keeps persistent sessions and their
 * queued QoS 1 messages. Never the system service.
 *
 * With `dynamicSecurity`, logins and ACLs live in Mosquitto's dynamic-security plugin instead
 * (as in production): its admin is generated for this run (`admin`), and no other login exists
 * until someone creates it through `$CONTROL/dynamic-security/v1` (see dynsec-cloud.ts).
 */
export class Mosquitto {
  readonly cloud: BrokerUser = { username: 'cloud', password: secret() };
  /** The dynamic-security plugin's admin, generated per run (only with `dynamicSecurity`). */
  readonly admin: BrokerUser = { username: `admin-${secret().slice(0, 6)}`, password: secret() };
  private dynamicSecurity = false;
  private readonly devices = new Map<string, BrokerUser>();
  private child: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
    /** A second, TLS listener (server certificate for IP 127.0.0.1 from a throwaway CA), when asked for. */
    readonly tlsPort: number | undefined,
  ) {}

  static async start(deviceIds: string[], options: { tls?: boolean; dynamicSecurity?: boolean } = {}): Promise<Mosquitto> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-mosquitto-'));
    const broker = new Mosquitto(dir, await freePort(), options.tls ? await freePort() : undefined);
    broker.dynamicSecurity = options.dynamicSecurity ?? false;
    if (options.tls) makeCertificates(dir);
    for (const id of deviceIds) broker.devices.set(id, { username: id, password: secret() });
    broker.writeConfig();
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get tlsUrl(): string {
    if (!this.tlsPort) throw new Error('this broker has no TLS listener; start it with { tls: true }');
    return `mqtts://127.0.0.1:${this.tlsPort}`;
  }

  /** The throwaway CA that signed the broker's certificate (PEM). */
  get caCertificate(): string {
    return fs.readFileSync(path.join(this.dir, 'ca.crt'), 'utf8');
  }

  device(deviceId: string): BrokerUser {
    const user = this.devices.get(deviceId);
    if (!user) throw new Error(`no broker user for device "${deviceId}"; pass it to Mosquitto.start()`);
    return user;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Graceful stop (SIGTERM): Mosquitto writes its persistence file on the way out. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await withTimeout(exited, 10_000, 'mosquitto did not exit within 10 s of SIGTERM');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Make the broker stop answering without closing any socket (SIGSTOP), as a hung server would. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Start again after stop(), same port, config and persisted sessions. */
  async resume(): Promise<void> {
    if (this.child) throw new Error('mosquitto is already running');
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private writeConfig(): void {
    fs.mkdirSync(path.join(this.dir, 'data'));
    if (this.dynamicSecurity) return this.writeDynamicSecurityConfig();
    const passwd = path.join(this.dir, 'passwd');
    const users = [this.cloud, ...this.devices.values()];
    users.forEach((user, i) => execFileSync(MOSQUITTO_PASSWD, [...(i === 0 ? ['-c'] : []), '-b', passwd, user.username, user.password], { stdio: 'ignore' }));
    fs.writeFileSync(
      path.join(this.dir, 'acl'),
      [
        `user ${this.cloud.username}`,
        'topic readwrite luach/#',
        '',
        '# every other user is a device, confined to its own tree',
        'pattern readwrite luach/v1/devices/%u/#',
        '',
      ].join('\n'),
    );
    this.writeMainConfig([`password_file ${passwd}`, `acl_file ${path.join(this.dir, 'acl')}`]);
  }

  private writeDynamicSecurityConfig(): void {
    const file = path.join(this.dir, 'dynamic-security.json');
    execFileSync(MOSQUITTO_CTRL, ['dynsec', 'init', file, this.admin.username, this.admin.password], { stdio: 'ignore' });
    this.writeMainConfig([`plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${file}`]);
  }

  private writeMainConfig(auth: string[]): void {
    fs.writeFileSync(
      path.join(this.dir, 'mosquitto.conf'),
      [
        `listener ${this.port} 127.0.0.1`,
        ...(this.tlsPort
          ? [
              `listener ${this.tlsPort} 127.0.0.1`,
              `cafile ${path.join(this.dir, 'ca.crt')}`,
              `certfile ${path.join(this.dir, 'server.crt')}`,
              `keyfile ${path.join(this.dir, 'server.key')}`,
            ]
          : []),
        'allow_anonymous false',
        ...auth,
        'persistence true',
        `persistence_location ${path.join(this.dir, 'data')}/`,
        'max_queued_messages 20000',
        'log_dest stderr',
        'log_type error',
        'log_type warning',
        'log_type notice',
        'log_type information',
        // When the tests run as root, Mosquitto would otherwise switch to a `mosquitto` user that cannot read the temp dir.
        `user ${os.userInfo().username}`,
        '',
      ].join('\n'),
    );
  }

  private async launch(): Promise<void> {
    const child = spawn(MOSQUITTO, ['-c', path.join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let log = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-4000);
        if (/mosquitto version \S+ running/.test(log)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`mosquitto exited with ${code} before it was ready:\n${log}`)));
      child.once('error', (error) => reject(new Error(`could not start ${MOSQUITTO}: ${error.message}; install the Debian package mosquitto`)));
    });
    await withTimeout(ready, 10_000, `mosquitto was not ready within 10 s:\n${log}`);
  }
}

/** A CA and a server certificate for 127.0.0.1, valid one day, made with the openssl CLI. */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=luach-test-ca');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '1',
    '-extfile',
    'server.ext',
  );
}

function secret(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
