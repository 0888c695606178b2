import type { SubgraphModule } from '@zsb/platform';
import { RuleCatalog, ruleFolders } from '@zsb/rules';
import { createContext, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { paymentSettings } from './modules/channels/channel.config.ts';
import { ChannelRegistry } from './modules/channels/channel.registry.ts';
import { schema } from './schema.ts';

/**
 * The channel codes the platform must be able to pay through: `ZSB_PAYMENT_CHANNELS` (comma-separated), else every
 * channel the rule sets in force name.
 */
export function channelsInUse(env: NodeJS.ProcessEnv): string[] {
  const listed = paymentSettings(env).ZSB_PAYMENT_CHANNELS;
  if (listed) return listed.split(',').map((code) => code.trim()).filter(Boolean);
  return RuleCatalog.load(ruleFolders(env).roots)
    .all()
    .flatMap((set) => set.parameters.paymentChannels.items.map((item) => item.code));
}

/** Payments: payment orders for exam fees, and the payment channels they are paid through. */
export const payments: SubgraphModule<Context, Dependencies> = {
  name: 'payments',
  database,
  schema,
  prepare: ({ config, env }) => {
    const channels = new ChannelRegistry(config, env);
    // Production configures every channel in use at start, so a missing key stops the start and not a payment.
    if (config.mode === 'production') {
      const problems = channels.check(channelsInUse(env));
      if (problems.length) throw new Error(`Payment channels are not configured:\n  ${problems.join('\n  ')}`);
    }
    return { channels };
  },
  createContext,
};
