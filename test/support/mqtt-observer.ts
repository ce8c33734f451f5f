import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { withTimeout } from './mosquitto.js';

export interface Received {
  topic: string;
  payload: string;
  json: unknown;
  retain: boolean;
  at: number;
}

/**
 * The cloud's side of a test: an MQTT client that records everything it receives and lets a test
 * wait for a message matching a predicate (with a timeout), instead of sleeping.
 */
export class MqttObserver {
  readonly received: Received[] = [];
  private waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const text = payload.toString('utf8');
      const message: Received = { topic, payload: text, json: parse(text), retain: packet.retain, at: performance.now() };
      this.received.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  static async connect(url: string, options: IClientOptions): Promise<MqttObserver> {
    const client = await withTimeout(
      mqtt.connectAsync(url, { reconnectPeriod: 200, connectTimeout: 5_000, ...options }),
      10_000,
      `observer could not connect to ${url}`,
    );
    return new MqttObserver(client);
  }

  async subscribe(filter: string, qos: 0 | 1 | 2 = 1): Promise<void> {
    await this.client.subscribeAsync(filter, { qos });
  }

  /** Where the record ends now: pass it to waitFor to ignore anything older. */
  mark(): number {
    return this.received.length;
  }

  /** The first message at or after `from` (already received or still to come) that matches. */
  waitFor(match: (m: Received) => boolean, timeoutMs = 10_000, what = 'a matching message', from = 0): Promise<Received> {
    const seen = this.received.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return withTimeout(
      new Promise<Received>((resolve) => this.waiters.push({ match, resolve })),
      timeoutMs,
      `timed out after ${timeoutMs} ms waiting for ${what}`,
    );
  }

  /** Resolves with every match once `count` messages match. */
  async waitForCount(match: (m: Received) => boolean, count: number, timeoutMs: number, what: string): Promise<Received[]> {
    let hits = this.received.filter(match).length;
    if (hits < count) {
      const enough = new Promise<Received>((resolve) => this.waiters.push({ match: (m) => match(m) && ++hits >= count, resolve }));
      await withTimeout(enough, timeoutMs, `timed out after ${timeoutMs} ms waiting for ${count} x ${what}`).catch((error: Error) => {
        throw new Error(`${error.message}; got ${hits}`);
      });
    }
    return this.received.filter(match);
  }

  async publish(topic: string, payload: string | object, qos: 0 | 1 = 1): Promise<void> {
    await this.client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Poll a condition of the device's own state every 10 ms until it holds; fail after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
