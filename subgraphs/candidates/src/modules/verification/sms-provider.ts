import { str, url } from 'envalid';
import { appendToOutbox, oneOf, outboxFile, readSettings, type PlatformConfig } from '@zsb/platform';

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

/** Development provider: appends each message to the outbox file, read by `npm run sms:outbox` and `/dev/sms`. */
export class OutboxSmsProvider implements SmsProvider {
  readonly name = 'outbox';

  constructor(private readonly file: string) {}

  async send(message: SmsMessage): Promise<void> {
    appendToOutbox(this.file, { at: new Date().toISOString(), ...message });
  }
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

/** The SMS settings (listed in the README's configuration table). */
export const SMS_SETTINGS = {
  ZSB_SMS_PROVIDER: oneOf(['outbox', 'http'] as const)({ default: undefined, desc: 'outbox (development and test default) or http (production default)' }),
  ZSB_SMS_HTTP_URL: url({ default: undefined, desc: "the operator's SMS gateway, for http" }),
  ZSB_SMS_HTTP_TOKEN: str({ default: undefined, desc: "the SMS gateway's bearer token, for http" }),
};

/** Picks the provider from `ZSB_SMS_PROVIDER`; production refuses the development outbox. */
export function createSmsProvider(config: PlatformConfig, env = process.env): SmsProvider {
  const settings = readSettings(env, SMS_SETTINGS);
  const choice = settings.ZSB_SMS_PROVIDER ?? (config.mode === 'production' ? 'http' : 'outbox');
  if (choice === 'outbox') {
    if (config.mode === 'production') throw new Error('ZSB_SMS_PROVIDER=outbox is for development only; production needs a real SMS provider');
    return new OutboxSmsProvider(outboxFile(config));
  }
  if (!settings.ZSB_SMS_HTTP_URL || !settings.ZSB_SMS_HTTP_TOKEN) throw new Error('ZSB_SMS_HTTP_URL and ZSB_SMS_HTTP_TOKEN are required for the http SMS provider');
  return new HttpSmsProvider(settings.ZSB_SMS_HTTP_URL, settings.ZSB_SMS_HTTP_TOKEN);
}
