import crypto from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

const COMMAND_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${COMMAND_TOPIC}/response`;

export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

export interface DynsecAnswer {
  command: string;
  error?: string;
  data?: unknown;
}

export class DynsecError extends Error {
  override name = 'DynsecError';
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`the broker refused ${command}: ${reason}`);
  }
}

/**
 * A client of Mosquitto's dynamic-security plugin: commands go to `$CONTROL/dynamic-security/v1`
 * as the plugin's admin, answers come back on `.../response`, matched by correlation data. One
 * connection, kept open; each call waits for its own answer (or fails after `timeoutMs`).
 */
export class DynamicSecurity {
  private client: MqttClient | undefined;
  private readonly waiting = new Map<string, (answer: DynsecAnswer) => void>();

  constructor(private readonly options: { url: string; username: string; password: string; timeoutMs?: number; mqtt?: Partial<IClientOptions> }) {}

  async start(): Promise<void> {
    const client = await mqtt.connectAsync(this.options.url, {
      username: this.options.username,
      password: this.options.password,
      clientId: `luach-dynsec-${crypto.randomBytes(4).toString('hex')}`,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...this.options.mqtt,
    });
    client.on('message', (_topic, payload) => {
      let body: { responses?: (DynsecAnswer & { correlationData?: string })[] };
      try {
        body = JSON.parse(payload.toString('utf8')) as typeof body;
      } catch {
        return;
      }
      for (const answer of body.responses ?? []) {
        const resolve = answer.correlationData ? this.waiting.get(answer.correlationData) : undefined;
        if (!resolve) continue;
        this.waiting.delete(answer.correlationData!);
        resolve(answer);
      }
    });
    await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
    this.client = client;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.endAsync();
  }

  /** Run one command; a refusal throws DynsecError unless its reason is in `tolerate`. */
  async run(command: DynsecCommand, tolerate: RegExp[] = []): Promise<DynsecAnswer> {
    const client = this.client;
    if (!client) throw new Error('the dynamic-security client is not started');
    const correlationData = crypto.randomUUID();
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    const answer = await new Promise<DynsecAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(correlationData);
        reject(new Error(`the broker did not answer ${command.command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(correlationData, (answered) => {
        clearTimeout(timer);
        resolve(answered);
      });
      client.publishAsync(COMMAND_TOPIC, JSON.stringify({ commands: [{ ...command, correlationData }] }), { qos: 1 }).catch((error: Error) => {
        clearTimeout(timer);
        this.waiting.delete(correlationData);
        reject(error);
      });
    });
    if (answer.error && !tolerate.some((pattern) => pattern.test(answer.error!))) throw new DynsecError(command.command, answer.error);
    return answer;
  }
}
