import fs from 'node:fs';
import path from 'node:path';
import type { PlatformConfig } from '@zsb/platform';

export interface SmsMessage {
  phone: string;
  text: string;
  /** Which province's authority sends it (for the provider's sender signature). */
  province: string;
  purpose: string;
}

/** Delivers SMS. The platform never talks to a carrier itself; the operator configures a provider. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** One line of the development outbox. */
export interface OutboxEntry extends SmsMessage {
  at: string;
}

export function outboxFile(config: PlatformConfig): string {
  return path.join(config.dataDir, 'sms-outbox.jsonl');
}

/** Development provider: appends each message to `<dataDir>/sms-outbox.jsonl`, read by `npm run sms:outbox`. */
export class OutboxSmsProvider implements SmsProvider {
  readonly name = 'outbox';

  constructor(private readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  async send(message: SmsMessage): Promise<void> {
    await fs.promises.appendFile(this.file, `${JSON.stringify({ at: new Date().toISOString(), ...message } satisfies OutboxEntry)}\n`);
  }
}

/** Reads the development outbox, newest last; optionally one phone's messages only. */
export function readOutbox(file: string, phone?: string): OutboxEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxEntry)
    .filter((entry) => !phone || entry.phone === phone);
}

/**
 * Production provider: posts each message as JSON to the operator's SMS gateway
 * (`ZSB_SMS_HTTP_URL`, bearer `ZSB_SMS_HTTP_TOKEN`), which relays it to the carrier.
 */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http';

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}

/** Picks the provider from `ZSB_SMS_PROVIDER`; production refuses the development outbox. */
export function createSmsProvider(config: PlatformConfig, env = process.env): SmsProvider {
  const choice = env.ZSB_SMS_PROVIDER ?? (config.mode === 'production' ? 'http' : 'outbox');
  if (choice === 'outbox') {
    if (config.mode === 'production') throw new Error('ZSB_SMS_PROVIDER=outbox is for development only; production needs a real SMS provider');
    return new OutboxSmsProvider(outboxFile(config));
  }
  if (choice === 'http') {
    if (!env.ZSB_SMS_HTTP_URL || !env.ZSB_SMS_HTTP_TOKEN) throw new Error('ZSB_SMS_HTTP_URL and ZSB_SMS_HTTP_TOKEN are required for the http SMS provider');
    return new HttpSmsProvider(env.ZSB_SMS_HTTP_URL, env.ZSB_SMS_HTTP_TOKEN);
  }
  throw new Error(`unknown ZSB_SMS_PROVIDER "${choice}" (outbox, http)`);
}
