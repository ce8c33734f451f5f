import os from 'node:os';
import { Bonjour, Service } from 'bonjour-service';
import type { Logger } from '../log.js';

/** The host name a phone types: the machine's own, as mDNS names it (`<name>.local`). */
export function localHostName(hostname = os.hostname()): string {
  const bare =
    hostname
      .split('.')[0]!
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-') || 'luach';
  return `${bare}.local`;
}

export interface Announcement {
  /** What a person sees in a service browser: "Luach · Ohel Moshe". */
  name: string;
  /** `<name>.local`, answered with this machine's addresses. */
  host: string;
  port: number;
}

/**
 * The standalone console announced over mDNS (DNS-SD `_http._tcp`, with the A/AAAA records of
 * `<name>.local`), so a phone on the shul's network opens http://<name>.local:<port>/ without
 * knowing the address. Where avahi-daemon runs (Raspberry Pi OS) it answers the host name too;
 * both answer the same addresses, so they agree.
 */
export class MdnsAnnouncer {
  private bonjour?: Bonjour;

  constructor(
    private readonly announcement: Announcement,
    private readonly logger: Logger,
  ) {}

  /** The records a phone receives (PTR, SRV, TXT, A, AAAA), built without touching the network. */
  records(): ReturnType<Service['records']> {
    return new Service(
      this.serviceConfig(),
      () => undefined,
      () => undefined,
    ).records();
  }

  start(): void {
    this.bonjour = new Bonjour({}, (error: Error) => this.logger.warn({ event: 'mdns.error', error: error.message }, 'mDNS announcement failed'));
    const service = this.bonjour.publish(this.serviceConfig());
    service.on('error', (error: Error) => this.logger.warn({ event: 'mdns.error', error: error.message }, 'mDNS announcement failed'));
    this.logger.info({ event: 'mdns.announced', ...this.announcement }, 'console announced over mDNS');
  }

  async stop(): Promise<void> {
    const bonjour = this.bonjour;
    this.bonjour = undefined;
    if (!bonjour) return;
    await new Promise<void>((resolve) => bonjour.unpublishAll(() => resolve()));
    bonjour.destroy();
  }

  private serviceConfig() {
    const { name, host, port } = this.announcement;
    return { name, type: 'http', host, port, txt: { path: '/' }, probe: false };
  }
}
