/**
 * From the rules' channel codes to adapters. Adding a channel is one adapter file and one entry in `ADAPTERS`
 * (plus its code in `rules/schema/parameters.schema.json` and the province's `parameters.json`).
 */
import type { PlatformConfig } from '@zsb/platform';
import { AlipayChannel } from './alipay.adapter.ts';
import { CebChannel } from './ceb.adapter.ts';
import { readAlipayConfig, readCebConfig, readUnionPayConfig } from './channel.config.ts';
import { ChannelError, type ChannelCode, type PaymentChannel } from './channel.ts';
import { UnionPayChannel } from './unionpay.adapter.ts';

type AdapterFactory = (config: PlatformConfig, env: NodeJS.ProcessEnv) => PaymentChannel;

/** Every channel the platform can pay through, by the code the rules use. */
export const ADAPTERS: Readonly<Record<ChannelCode, AdapterFactory>> = {
  ALIPAY: (config, env) => new AlipayChannel(readAlipayConfig(config, env)),
  UNIONPAY: (config, env) => new UnionPayChannel(readUnionPayConfig(config, env)),
  CEB: (config, env) => new CebChannel(readCebConfig(config, env)),
};

export class ChannelRegistry {
  private readonly channels = new Map<ChannelCode, PaymentChannel>();

  constructor(
    private readonly config: PlatformConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly adapters: Readonly<Record<ChannelCode, AdapterFactory>> = ADAPTERS,
  ) {}

  /** The codes that have an adapter. */
  supported(): ChannelCode[] {
    return Object.keys(this.adapters);
  }

  /**
   * The adapter for a code, configured on first use. Refuses a code without an adapter (`CHANNEL_UNSUPPORTED`) and
   * a channel whose configuration is missing or wrong (`CHANNEL_NOT_CONFIGURED`).
   */
  get(code: ChannelCode): PaymentChannel {
    const ready = this.channels.get(code);
    if (ready) return ready;
    const factory = Object.hasOwn(this.adapters, code) ? this.adapters[code] : undefined;
    if (!factory) throw new ChannelError('CHANNEL_UNSUPPORTED', `payment channel ${JSON.stringify(code)} has no adapter (the platform pays through ${this.supported().join(', ')})`, { code });
    const channel = factory(this.config, this.env);
    this.channels.set(code, channel);
    return channel;
  }

  /**
   * Configures every named channel at once, so a production start-up fails on the first missing setting instead of a
   * candidate's payment. Returns the problems, one sentence per channel.
   */
  check(codes: Iterable<ChannelCode>): string[] {
    const problems: string[] = [];
    for (const code of new Set(codes)) {
      try {
        this.get(code);
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        problems.push(error.message);
      }
    }
    return problems;
  }
}
