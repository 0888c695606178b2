/**
 * The payment sandbox: one small HTTP service that speaks Alipay's, UnionPay's and CEB's protocols with its own keys,
 * so the platform's adapters are exercised over HTTP in development and tests. It never runs in production.
 *
 * Routes: the channels' gateways under `/alipay`, `/unionpay`, `/ceb`; the candidate's page under
 * `/sandbox/checkout/:id`; for tests and tools `/sandbox/faults`, `/sandbox/settings`, `/sandbox/orders/…`; and
 * `/healthz` for the launcher.
 */
import http from 'node:http';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { listen, type Logger } from '@zsb/platform';
import { alipaySimulator } from './alipay.simulator.ts';
import { cebSimulator } from './ceb.simulator.ts';
import { checkoutPage, page, sendErrorPage } from './checkout.ts';
import { sandboxCredentials } from './credentials.ts';
import { FaultBook, readFault } from './faults.ts';
import { Notifier, type NotificationProtocol } from './notifier.ts';
import type { ChannelSimulator, SandboxContext } from './simulator.ts';
import { SANDBOX_CHANNELS, SandboxStore, type SandboxChannel } from './store.ts';
import { unionpaySimulator } from './unionpay.simulator.ts';

export interface SandboxOptions {
  dataDir: string;
  port: number;
  host?: string;
  log: Logger;
  /** Multiplies the channels' retry schedules: 0.001 turns Alipay's 4 minutes into 240 ms. */
  timeScale?: number;
  /** The address merchants reach the sandbox at; by default where it listens. */
  publicUrl?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  store: SandboxStore;
  stop(): Promise<void>;
}

export async function startPaymentSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { log } = options;
  const store = new SandboxStore(path.join(options.dataDir, 'payment-sandbox'));
  const faults = new FaultBook();
  let timeScale = options.timeScale ?? 1;
  let publicUrl = options.publicUrl ?? '';
  const protocols = {} as Record<SandboxChannel, NotificationProtocol>;
  const notifier = new Notifier({ store, faults, protocols, timeScale: () => timeScale, log });
  const context: SandboxContext = { store, notifier, credentials: sandboxCredentials(options.dataDir), log, publicUrl: () => publicUrl };
  const simulators = Object.fromEntries([alipaySimulator(context), unionpaySimulator(context), cebSimulator(context)].map((simulator) => [simulator.code, simulator])) as Record<SandboxChannel, ChannelSimulator>;
  for (const code of SANDBOX_CHANNELS) protocols[code] = simulators[code].protocol;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', service: 'payment-sandbox' }));
  app.use('/alipay', simulators.ALIPAY.router);
  app.use('/unionpay', simulators.UNIONPAY.router);
  app.use('/ceb', simulators.CEB.router);

  app.get('/sandbox/checkout/:id', (req, res) => {
    const order = store.byCheckout(String(req.params.id));
    if (!order) return sendErrorPage(res, 404, 'ORDER_NOT_FOUND', '没有这个订单');
    res.type('html').send(checkoutPage(order, simulators[order.channel].name, simulators[order.channel].merchantId));
  });
  app.post('/sandbox/checkout/:id/:action', (req, res) => {
    const order = store.byCheckout(String(req.params.id));
    const action = String(req.params.action);
    if (!order || (action !== 'pay' && action !== 'cancel')) return sendErrorPage(res, 404, 'ORDER_NOT_FOUND', '没有这个订单');
    if (order.state !== 'WAITING') return sendErrorPage(res, 409, 'ORDER_NOT_WAITING', `订单已${order.state === 'PAID' ? '支付' : '关闭'}`);
    const simulator = simulators[order.channel];
    const expired = order.expiresAt !== undefined && Date.now() > Date.parse(order.expiresAt);
    if (action === 'cancel' || expired) {
      order.state = 'CLOSED';
      order.closedAt = new Date().toISOString();
      store.saveOrder(order);
      if (expired) return sendErrorPage(res, 410, 'ORDER_EXPIRED', '订单已过期，请回到商户重新下单');
      return simulator.cancelled(order, res);
    }
    order.state = 'PAID';
    order.paidAt = new Date().toISOString();
    store.saveOrder(order);
    log.info('paid at the sandbox', { channel: order.channel, orderId: order.orderId, amountFen: order.amountFen });
    simulator.paid(order, res);
  });

  app.use('/sandbox', express.json({ limit: '64kb' }));
  app.post('/sandbox/faults', (req, res) => {
    const fault = readFault(req.body);
    if (typeof fault === 'string') return void res.status(400).json({ error: fault });
    if (fault.channel && !SANDBOX_CHANNELS.includes(fault.channel)) return void res.status(400).json({ error: `channel must be one of ${SANDBOX_CHANNELS.join(', ')}` });
    faults.add(fault);
    res.status(201).json(fault);
  });
  app.get('/sandbox/faults', (_req, res) => void res.json(faults.list()));
  app.delete('/sandbox/faults', (_req, res) => {
    faults.remove();
    res.status(204).end();
  });
  app.delete('/sandbox/faults/:id', (req, res) => {
    faults.remove(String(req.params.id));
    res.status(204).end();
  });
  app.post('/sandbox/settings', (req, res) => {
    const scale = (req.body as { timeScale?: unknown })?.timeScale;
    if (typeof scale !== 'number' || !(scale > 0) || scale > 1000) return void res.status(400).json({ error: 'timeScale must be a number above 0 (1 is real time)' });
    timeScale = scale;
    res.json({ timeScale });
  });
  app.get('/sandbox/orders/:channel/:orderId', (req, res) => {
    const channel = String(req.params.channel) as SandboxChannel;
    const order = store.order(channel, String(req.params.orderId));
    if (!order) return void res.status(404).json({ error: 'no such order' });
    res.json({ order, checkoutUrl: `${publicUrl}/sandbox/checkout/${order.checkoutId}`, deliveries: store.deliveriesOf(channel, order.orderId) });
  });
  app.get('/', (_req, res) => {
    res.type('html').send(page('支付沙箱（开发环境）', `<h1>支付沙箱（开发环境）</h1><p>模拟支付宝、银联和光大银行的支付网关，仅用于开发和测试。</p><ul><li>支付宝网关 <code>/alipay/gateway.do</code></li><li>银联网关 <code>/unionpay/gateway/api/…</code></li><li>光大网关 <code>/ceb/per/…</code></li></ul>`));
  });
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.status && error.status < 500) return void res.status(error.status).json({ error: error.type ?? error.message });
    log.error('sandbox request failed', { error });
    res.status(500).json({ error: 'the sandbox failed; see its log' });
  });

  const server = http.createServer(app);
  const port = await listen(server, options.port, options.host ?? '127.0.0.1');
  publicUrl ||= `http://${options.host ?? '127.0.0.1'}:${port}`;
  notifier.start();
  log.info('payment sandbox listening', { url: publicUrl, orders: store.orders.size, pending: [...store.deliveries.values()].filter((d) => d.state === 'pending').length });
  return {
    url: publicUrl,
    port,
    store,
    async stop() {
      await notifier.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
