/**
 * What the channel tests share: the sandbox on a free port with a compressed retry schedule, the adapters configured
 * for it, a merchant notification endpoint that runs each adapter's `parseNotification` over real HTTP, and the
 * candidate's browser steps on the sandbox's page.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createLogger, listen, type PlatformConfig } from '@zsb/platform';
import { ChannelRegistry } from '../../src/modules/channels/channel.registry.ts';
import type { NotificationOutcome, PaymentChannel, PaymentRedirect, PaymentRequest } from '../../src/modules/channels/channel.ts';
import { startPaymentSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.ts';

/** Alipay's 4 minutes become 120 ms, UnionPay's 1 minute 30 ms. */
export const TIME_SCALE = 0.0005;

export interface Received {
  channel: string;
  at: number;
  outcome: NotificationOutcome;
  answered: number;
  /** The body as received (it names the order even when the notification was refused). */
  body: string;
}

export interface Harness {
  dataDir: string;
  config: PlatformConfig;
  sandbox: RunningSandbox;
  channels: ChannelRegistry;
  merchantUrl: string;
  received: Received[];
  /** Orders and refunds the merchant knows, with their amounts. */
  orders: Map<string, number>;
  refunds: Map<string, number>;
  /** Orders whose next N notifications the merchant answers as failed (a merchant having trouble). */
  failNext: Map<string, number>;
  /** A payment request for a fresh order the merchant knows. */
  newPayment(amountFen: number, device?: 'mobile' | 'desktop'): PaymentRequest;
  restartSandbox(): Promise<void>;
  stop(): Promise<void>;
}

const log = createLogger({}, true);

export async function startHarness(): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-pay-'));
  const config: PlatformConfig = { mode: 'test', dataDir };
  const received: Received[] = [];
  const orders = new Map<string, number>();
  const refunds = new Map<string, number>();
  const failNext = new Map<string, number>();
  let channels: ChannelRegistry;

  const merchant = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const code = /^\/notify\/([A-Z_]+)$/.exec(req.url ?? '')?.[1];
      if (!code) return void res.writeHead(200).end('returned');
      const channel = channels.get(code);
      const body = Buffer.concat(chunks).toString('utf8');
      const outcome = await channel.parseNotification(
        { body, contentType: req.headers['content-type'] },
        { findOrder: (orderId) => (orders.has(orderId) ? { amountFen: orders.get(orderId)! } : undefined), findRefund: (refundId) => (refunds.has(refundId) ? { amountFen: refunds.get(refundId)! } : undefined) },
      );
      const about = outcome.ok ? (outcome.notification.orderId ?? outcome.notification.refundId ?? '') : '';
      const failing = failNext.get(about) ?? 0;
      if (failing > 0) failNext.set(about, failing - 1);
      const answer = channel.notificationAnswer(outcome.ok && failing === 0);
      received.push({ channel: code, at: Date.now(), outcome, answered: answer.status, body });
      res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    });
  });
  const merchantPort = await listen(merchant, 0);
  const merchantUrl = `http://127.0.0.1:${merchantPort}`;

  const harness: Harness = {
    dataDir,
    config,
    sandbox: await startPaymentSandbox({ dataDir, port: 0, log, timeScale: TIME_SCALE }),
    channels: undefined as unknown as ChannelRegistry,
    merchantUrl,
    received,
    orders,
    refunds,
    failNext,
    newPayment(amountFen, device = 'desktop') {
      const orderId = `ZSB${randomBytes(8).toString('hex').toUpperCase()}`;
      orders.set(orderId, amountFen);
      return { orderId, amountFen, createdAt: new Date(), subject: '2023年普通专升本考试 报名费', device, notifyUrl: `${merchantUrl}/notify/PLACEHOLDER`, returnUrl: `${merchantUrl}/return` };
    },
    async restartSandbox() {
      await harness.sandbox.stop();
      harness.sandbox = await startPaymentSandbox({ dataDir, port: 0, log, timeScale: TIME_SCALE });
      channels = harness.channels = new ChannelRegistry(config, { ZSB_PAYMENT_SANDBOX_URL: harness.sandbox.url });
    },
    async stop() {
      await harness.sandbox.stop();
      merchant.closeAllConnections();
      await new Promise((resolve) => merchant.close(resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  channels = harness.channels = new ChannelRegistry(config, { ZSB_PAYMENT_SANDBOX_URL: harness.sandbox.url });
  return harness;
}

/** A payment request for one channel, its notifications going to the merchant endpoint of that channel. */
export function paymentFor(harness: Harness, channel: PaymentChannel, amountFen: number, device: 'mobile' | 'desktop' = 'desktop'): PaymentRequest {
  const request = harness.newPayment(amountFen, device);
  return { ...request, notifyUrl: `${harness.merchantUrl}/notify/${channel.code}` };
}

/** The browser's way to the sandbox's page: follows the channel redirect and returns the page's address. */
export async function openCheckout(redirect: PaymentRedirect, sandboxUrl: string): Promise<{ status: number; location?: string; html: string }> {
  const response =
    redirect.method === 'GET'
      ? await fetch(redirect.url, { redirect: 'manual' })
      : await fetch(redirect.url, { method: 'POST', body: new URLSearchParams(redirect.fields), redirect: 'manual' });
  const location = response.headers.get('location') ?? undefined;
  const html = await response.text();
  return { status: response.status, location: location && new URL(location, sandboxUrl).toString(), html };
}

/** Opens the page and presses 确认支付 (or 取消), as the candidate's browser would. */
export async function payAtSandbox(redirect: PaymentRedirect, sandboxUrl: string, action: 'pay' | 'cancel' = 'pay'): Promise<{ page: string; answer: Response }> {
  const opened = await openCheckout(redirect, sandboxUrl);
  if (opened.status !== 303 || !opened.location) throw new Error(`the channel did not open the sandbox page: ${opened.status} ${opened.html.slice(0, 300)}`);
  const page = await (await fetch(opened.location)).text();
  const answer = await fetch(`${opened.location}/${action}`, { method: 'POST', body: new URLSearchParams(), redirect: 'manual' });
  return { page, answer };
}

/** Waits (polling) until a condition holds; the generous limit keeps a busy machine from failing the test. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The notifications the merchant received naming one order (or refund), believed or not, in arrival order. */
export function receivedAbout(harness: Harness, id: string): Received[] {
  return harness.received.filter(({ body }) => decodeURIComponent(body.replaceAll('+', ' ')).includes(id));
}
