import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@zsb/platform';
import type { Dependencies } from '../../subgraphs/payments/src/context.ts';
import { ChannelRegistry } from '../../subgraphs/payments/src/modules/channels/channel.registry.ts';
import { startPaymentSandbox, type RunningSandbox } from '../../subgraphs/payments/src/sandbox/sandbox.ts';
import type { Delivery } from '../../subgraphs/payments/src/sandbox/store.ts';
import { startPlatform, type Dialect, type TestPlatform } from '../support/platform.ts';
import { bearer } from './flows.ts';

/** Alipay's 4-minute retry becomes 0.24 s, UnionPay's minute 60 ms. */
export const SANDBOX_TIME_SCALE = 0.001;

export interface PaymentPlatform {
  p: TestPlatform;
  sandbox: RunningSandbox;
  /** Every line the platform logged. */
  lines: string[];
  /** The codes of the notifications payments refused, in order. */
  refusedNotifications(): string[];
  stop(): Promise<void>;
}

/**
 * The platform with the payment sandbox as its channels: the sandbox in this process on a free port, the payments
 * subgraph pointed at it, and the sandbox's notifications addressed to the gateway's public payment routes.
 */
export async function startPaymentPlatform(dialect: Dialect, env: NodeJS.ProcessEnv = {}): Promise<PaymentPlatform> {
  const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-sandbox-'));
  const sandbox = await startPaymentSandbox({ dataDir: sandboxDir, port: 0, log: createLogger({}, true), timeScale: SANDBOX_TIME_SCALE });
  const lines: string[] = [];
  const p = await startPlatform(dialect, { ZSB_PAYMENT_SANDBOX_URL: sandbox.url, ZSB_PAYMENT_CHECK_AFTER_SECONDS: '1', ZSB_PAYMENT_SWEEP_INTERVAL_MS: '250', ...env }, { logSink: (_level, line) => lines.push(line) });
  const deps = p.subgraphs.payments.dependencies as Dependencies;
  // The gateway's address is known once it listens; channels post to it and browsers return to it.
  deps.payments.publicUrl = p.url;
  // The sandbox keeps its merchant identities and keys in its own data folder: the adapters read them from there.
  deps.channels = deps.payments.channels = new ChannelRegistry({ mode: 'test', dataDir: sandboxDir }, { ZSB_PAYMENT_SANDBOX_URL: sandbox.url });
  return {
    p,
    sandbox,
    lines,
    refusedNotifications: () => lines.map((line) => JSON.parse(line) as { msg?: string; code?: string }).filter((l) => l.msg === 'payment notification refused').map((l) => l.code!),
    async stop() {
      await p.stop();
      await sandbox.stop();
      fs.rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
}

export const ORDER = 'id orderNo registrationId amountFen channel status paidAt channelTradeNo handedOverAt handOverRefusal ruleSetHash quoteLines { code name amountFen }';

export interface OrderView {
  id: string;
  orderNo: string;
  registrationId: string;
  amountFen: number;
  channel: string;
  status: string;
  paidAt: string | null;
  channelTradeNo: string | null;
  handedOverAt: string | null;
  handOverRefusal: string | null;
  ruleSetHash: string;
  quoteLines: { code: string; name: string; amountFen: number }[];
}

export interface OpenOutcome {
  ok: boolean;
  error: { code: string; message: string } | null;
  order: OrderView | null;
  redirect: { method: 'GET' | 'POST'; url: string; fields: { name: string; value: string }[] } | null;
}

export async function openPayment(p: TestPlatform, token: string, registrationId: string, clientKey: string = randomUUID(), extra: Record<string, unknown> = {}): Promise<OpenOutcome> {
  const r = await p.graphql<{ openPayment: OpenOutcome }>(
    `mutation($input: OpenPaymentInput!) { openPayment(input: $input) { ok error { code message } order { ${ORDER} } redirect { method url fields { name value } } } }`,
    { input: { registrationId, clientKey, ...extra } },
    bearer(token),
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.openPayment;
}

export async function checkOrder(p: TestPlatform, token: string, orderId: string): Promise<{ ok: boolean; error: { code: string } | null; order: OrderView | null }> {
  const r = await p.graphql<{ checkPaymentOrder: { ok: boolean; error: { code: string } | null; order: OrderView | null } }>(
    `mutation($id: ID!) { checkPaymentOrder(orderId: $id) { ok error { code } order { ${ORDER} } } }`,
    { id: orderId },
    bearer(token),
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.checkPaymentOrder;
}

export interface PaymentStatusView {
  id: string;
  status: string;
  paymentStatus: { status: string; amountFen: number | null; channel: string | null; paidAt: string | null; handedOver: boolean; orders: OrderView[] };
}

/** The registration with its payment as the federated graph shows it (exams' status, payments' orders). */
export async function registrationPayment(p: TestPlatform, token: string): Promise<PaymentStatusView> {
  const r = await p.graphql<{ myRegistration: PaymentStatusView }>(`{ myRegistration { id status paymentStatus { status amountFen channel paidAt handedOver orders { ${ORDER} } } } }`, {}, bearer(token));
  if (!r.data?.myRegistration) throw new Error(JSON.stringify(r.errors));
  return r.data.myRegistration;
}

/** The candidate's browser: follows the redirect to the sandbox's page and presses 确认支付 (or 取消). */
export async function payInBrowser(redirect: NonNullable<OpenOutcome['redirect']>, sandboxUrl: string, action: 'pay' | 'cancel' = 'pay'): Promise<Response> {
  const fields = Object.fromEntries(redirect.fields.map((f) => [f.name, f.value]));
  const opened = redirect.method === 'GET' ? await fetch(redirect.url, { redirect: 'manual' }) : await fetch(redirect.url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  const location = opened.headers.get('location');
  if (opened.status !== 303 || !location) {
    const html = await opened.text();
    throw new Error(`the channel did not open its page: ${opened.status} ${/data-code>([^<]*)<\/p><p>([^<]*)/.exec(html)?.slice(1).join(' ') ?? html.slice(0, 300)}`);
  }
  const page = new URL(location, sandboxUrl).toString();
  await (await fetch(page)).text();
  return fetch(`${page}/${action}`, { method: 'POST', body: new URLSearchParams(), redirect: 'manual' });
}

export async function addFault(sandbox: RunningSandbox, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (!response.ok) throw new Error(`fault refused: ${await response.text()}`);
}

/** The notifications the sandbox sent about an order, with each send's outcome and the platform's answer. */
export async function deliveries(sandbox: RunningSandbox, channel: string, orderNo: string): Promise<Delivery[]> {
  const response = await fetch(`${sandbox.url}/sandbox/orders/${channel}/${orderNo}`);
  if (!response.ok) return [];
  return ((await response.json()) as { deliveries: Delivery[] }).deliveries;
}
