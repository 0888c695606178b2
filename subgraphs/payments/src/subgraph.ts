import type { Request, Response } from 'express';
import { loadCallerSecret, OutboxRelay, subgraphUrl, type SubgraphModule } from '@zsb/platform';
import { RuleCatalog, ruleFolders } from '@zsb/rules';
import { createContext, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { paymentSettings, publicUrl } from './modules/channels/channel.config.ts';
import { ChannelRegistry } from './modules/channels/channel.registry.ts';
import { ExamsClient } from './modules/payment-order/exams.client.ts';
import { PAYMENT_PAID_TOPIC, PaymentOrderService, type PaymentDeps } from './modules/payment-order/payment-order.service.ts';
import { PaymentSweeper } from './modules/payment-order/reconciliation.ts';
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

/** Outbox relays delivering hand-overs to exams at once. */
const HAND_OVER_RELAYS = 4;

/** The raw notification the gateway forwards: the body exactly as the channel sent it, and its content type. */
function rawOf(req: Request): { body: string; contentType?: string } | undefined {
  const body = req.body as { body?: unknown; contentType?: unknown } | undefined;
  if (typeof body?.body !== 'string' || body.body.length > 32_768) return undefined;
  return { body: body.body, contentType: typeof body.contentType === 'string' ? body.contentType : undefined };
}

/** Payments: payment orders for exam fees, and the payment channels they are paid through. */
export const payments: SubgraphModule<Context, Dependencies> = {
  name: 'payments',
  database,
  schema,
  prepare: ({ config, env, orm, log }) => {
    const channels = new ChannelRegistry(config, env);
    // Production configures every channel in use at start, so a missing key stops the start and not a payment.
    if (config.mode === 'production') {
      const problems = channels.check(channelsInUse(env));
      if (problems.length) throw new Error(`Payment channels are not configured:\n  ${problems.join('\n  ')}`);
    }
    const settings = paymentSettings(env);
    const exams = new ExamsClient(new URL(subgraphUrl(env, 'exams')).origin, loadCallerSecret(config, env));
    const deps: PaymentDeps = { channels, exams, relay: undefined as unknown as OutboxRelay, publicUrl: publicUrl(config, env), checkAfterMs: settings.ZSB_PAYMENT_CHECK_AFTER_SECONDS * 1000, log };
    // The hand-over to exams leaves through the outbox: written with the payment it reports, delivered (again) until
    // exams answers, however long it is down.
    // Several relays work the outbox side by side: each claims a message before delivering it (a conditional update),
    // so none is delivered twice, while one slow answer from exams does not hold up the hand-overs behind it.
    const handlers = { [PAYMENT_PAID_TOPIC]: (p: Record<string, unknown>) => new PaymentOrderService(orm.em.fork(), deps).handOver(String(p.orderId)) };
    const relays = Array.from({ length: HAND_OVER_RELAYS }, () => new OutboxRelay(orm, handlers, log, { intervalMs: settings.ZSB_PAYMENT_SWEEP_INTERVAL_MS, maxAttempts: 1000 }));
    deps.relay = { kick: () => relays.forEach((r) => r.kick()), stop: () => Promise.all(relays.map((r) => r.stop())) } as unknown as OutboxRelay;
    relays.forEach((r) => r.start());
    const sweeper = new PaymentSweeper(orm, deps, log, settings.ZSB_PAYMENT_SWEEP_INTERVAL_MS);
    sweeper.start();
    // Deliver what a stopped process left behind.
    deps.relay.kick();
    return {
      channels,
      payments: deps,
      sweeper,
      async stop() {
        await sweeper.stop();
        await deps.relay.stop();
      },
    };
  },
  async dispose(deps) {
    await deps.stop();
  },
  createContext,
  internalRoutes(router, deps) {
    // Channels' asynchronous notifications, as the gateway received them on `/payments/notify/:channel`: the answer's
    // status, type and body are what the gateway sends back to the channel, byte for byte.
    router.post('/notifications/:channel', async (req: Request, res: Response) => {
      const code = String(req.params.channel);
      const raw = rawOf(req);
      if (!raw || !deps.channels.supported().includes(code)) return void res.status(404).json({ error: { code: 'NOTIFICATION_CHANNEL_UNKNOWN' } });
      const answer = await new PaymentOrderService(res.locals.em, deps.payments).notify(code, raw);
      res.json(answer);
    });
    // The browser's return from a channel: believed for nothing; the order it names is asked of the channel.
    router.post('/returns/:channel', async (req: Request, res: Response) => {
      const raw = rawOf(req);
      const order = raw ? await new PaymentOrderService(res.locals.em, deps.payments).returned(String(req.params.channel), raw.body) : undefined;
      res.json({ order: order ? { id: order.id, status: order.status, registrationId: order.registrationId } : null });
    });
  },
};
