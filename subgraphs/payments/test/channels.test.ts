import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../src/modules/channels/beijing-time.ts';
import type { NotificationOutcome, PaymentChannel, VerifiedNotification } from '../src/modules/channels/channel.ts';
import { ChannelRegistry } from '../src/modules/channels/channel.registry.ts';
import { sandboxCredentials } from '../src/sandbox/credentials.ts';
import { openCheckout, payAtSandbox, paymentFor, receivedAbout, startHarness, waitFor, type Harness } from './support/payment-harness.ts';

interface ChannelCase {
  code: 'ALIPAY' | 'UNIONPAY' | 'CEB';
  /** The notification field holding the amount, and a value that is not the order's amount. */
  amount: [string, string];
  orderField: string;
  /** Notification fields naming another merchant. */
  otherMerchant: Record<string, string>;
  refunds: 'at once' | 'by notification' | 'not through the interface';
}

const CASES: ChannelCase[] = [
  { code: 'ALIPAY', amount: ['total_amount', '0.01'], orderField: 'out_trade_no', otherMerchant: { seller_id: '2088000000000001' }, refunds: 'at once' },
  { code: 'UNIONPAY', amount: ['txnAmt', '1'], orderField: 'orderId', otherMerchant: { merId: '777290058000001' }, refunds: 'by notification' },
  { code: 'CEB', amount: ['transAmt', '0.01'], orderField: 'orderId', otherMerchant: { merchantId: '370300000001' }, refunds: 'not through the interface' },
];

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.stop();
});

const believed = (outcome: NotificationOutcome): VerifiedNotification => {
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.code} ${outcome.refusal.message}`);
  return outcome.notification;
};

async function addFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${harness.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  expect(response.status).toBe(201);
}

async function sandboxOrder(code: string, orderId: string) {
  return (await (await fetch(`${harness.sandbox.url}/sandbox/orders/${code}/${orderId}`)).json()) as {
    order: { state: string; refunds: unknown[] };
    deliveries: { event: string; state: string; attempts: { outcome: string; faults?: string[] }[] }[];
  };
}

describe.each(CASES)('$code through the payment sandbox', ({ code, amount, orderField, otherMerchant, refunds }) => {
  let channel: PaymentChannel;
  beforeAll(() => {
    channel = harness.channels.get(code);
  });

  it('a candidate pays on the sandbox page; the notification verifies and the query says paid', async () => {
    const request = paymentFor(harness, channel, 15000, code === 'ALIPAY' ? 'mobile' : 'desktop');
    expect((await channel.query(request)).status).toBe('NOT_FOUND');

    const { page, answer } = await payAtSandbox(channel.createPayment(request), harness.sandbox.url);
    expect(page).toContain('支付沙箱（开发环境）');
    expect(page).toContain(request.orderId);
    expect(page).toContain('¥150.00');
    // The browser goes back to the merchant: a redirect (Alipay) or a form that posts itself (UnionPay, CEB).
    if (code === 'ALIPAY') expect(answer.headers.get('location')).toMatch(new RegExp(`^${harness.merchantUrl}/return\\?.*out_trade_no=${request.orderId}`));
    else expect(await answer.text()).toContain(`action="${harness.merchantUrl}/return"`);

    const [arrived] = await waitFor(() => receivedAbout(harness, request.orderId).length > 0 && receivedAbout(harness, request.orderId), 'the payment notification');
    const notification = believed(arrived.outcome);
    expect(notification).toMatchObject({ channel: code, kind: 'PAYMENT', orderId: request.orderId, amountFen: 15000, status: 'PAID' });
    expect(notification.channelTradeNo).toBeTruthy();
    expect(notification.paidAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(arrived.answered).toBe(200);
    const state = await waitFor(async () => {
      const order = await sandboxOrder(code, request.orderId);
      return order.deliveries[0]?.state === 'delivered' && order;
    }, 'the sandbox to record the delivery');
    expect(state.deliveries.map((d) => [d.event, d.state, d.attempts.length])).toEqual([['PAYMENT', 'delivered', 1]]);

    const queried = await channel.query(request);
    expect(queried).toMatchObject({ status: 'PAID', amountFen: 15000, channelTradeNo: notification.channelTradeNo });
  });

  it(`refunds ${refunds}, never twice for one refund number, and the day's bill lists payment and refund`, async () => {
    const request = paymentFor(harness, channel, 15000);
    await payAtSandbox(channel.createPayment(request), harness.sandbox.url);
    const paid = believed((await waitFor(() => receivedAbout(harness, request.orderId)[0], 'the payment notification')).outcome);
    const refundId = `R${request.orderId}`;
    harness.refunds.set(refundId, 5000);
    const refund = { order: { ...request, channelTradeNo: paid.channelTradeNo }, refundId, amountFen: 5000, reason: '资格审核未通过', requestedAt: new Date(), notifyUrl: `${harness.merchantUrl}/notify/${code}` };

    const first = await channel.refund(refund);
    if (refunds === 'at once') {
      expect(first).toMatchObject({ status: 'SUCCEEDED', refundedFen: 5000 });
      expect(await channel.refund(refund)).toMatchObject({ status: 'SUCCEEDED', refundedFen: 5000 });
      expect(await channel.refund({ ...refund, refundId: `X${request.orderId}`, amountFen: 20000 })).toMatchObject({ status: 'REFUSED', code: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL' });
      const update = await waitFor(() => receivedAbout(harness, request.orderId).find((r) => r.outcome.ok && r.outcome.notification.kind === 'REFUND'), 'the refund notification');
      expect(believed(update.outcome)).toMatchObject({ kind: 'REFUND', refundId, refundedFen: 5000, status: 'REFUNDED' });
    } else if (refunds === 'by notification') {
      expect(first.status).toBe('PROCESSING');
      expect(await channel.refund(refund)).toMatchObject({ status: 'REFUSED', code: '12' });
      const result = await waitFor(() => receivedAbout(harness, refundId)[0], 'the refund result');
      expect(believed(result.outcome)).toMatchObject({ kind: 'REFUND', refundId, amountFen: 5000, status: 'REFUNDED', channelTradeNo: paid.channelTradeNo });
    } else {
      expect(first).toMatchObject({ status: 'REFUSED', code: 'REFUND_NOT_SUPPORTED' });
    }
    expect((await sandboxOrder(code, request.orderId)).order.refunds).toHaveLength(refunds === 'not through the interface' ? 0 : 1);

    const rows = channel.parseBill(await channel.downloadBill(beijingDate(new Date())));
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'PAYMENT', orderId: request.orderId, channelTradeNo: paid.channelTradeNo, amountFen: 15000 }));
    if (refunds !== 'not through the interface') expect(rows).toContainEqual(expect.objectContaining({ kind: 'REFUND', orderId: request.orderId, refundId, amountFen: 5000 }));
  });

  it('refuses a notification with a broken signature, and believes the channel’s next send', async () => {
    const request = paymentFor(harness, channel, 2000);
    await addFault({ kind: 'badSignature', orderId: request.orderId });
    await payAtSandbox(channel.createPayment(request), harness.sandbox.url);
    const [refused, accepted] = await waitFor(() => receivedAbout(harness, request.orderId).length >= 2 && receivedAbout(harness, request.orderId), 'the retry');
    expect(refused.outcome).toMatchObject({ ok: false, refusal: { code: 'NOTIFICATION_SIGNATURE_INVALID' } });
    // Alipay reads the body (\`fail\`), UnionPay and CEB the status.
    expect(refused.answered).toBe(code === 'ALIPAY' ? 200 : 400);
    expect(believed(accepted.outcome).status).toBe('PAID');
    const attempts = await waitFor(async () => {
      const outcomes = (await sandboxOrder(code, request.orderId)).deliveries[0].attempts.map((a) => a.outcome);
      return outcomes.length === 2 && outcomes;
    }, 'both sends recorded');
    expect(attempts).toEqual(['refused', 'delivered']);
  });

  it('refuses validly signed notifications naming another amount, an unknown order or another merchant', async () => {
    const cases = [
      { fields: { [amount[0]]: amount[1] }, refusal: 'NOTIFICATION_AMOUNT_MISMATCH' },
      { fields: { [orderField]: `ZSBUNKNOWN${code}` }, refusal: 'NOTIFICATION_ORDER_UNKNOWN', names: `ZSBUNKNOWN${code}` },
      { fields: otherMerchant, refusal: 'NOTIFICATION_MERCHANT_MISMATCH' },
    ];
    for (const { fields, refusal, names } of cases) {
      const request = paymentFor(harness, channel, 3000);
      await addFault({ kind: 'alter', orderId: request.orderId, fields });
      await payAtSandbox(channel.createPayment(request), harness.sandbox.url);
      const refused = await waitFor(() => receivedAbout(harness, names ?? request.orderId)[0], `the altered notification (${refusal})`);
      expect(refused.outcome).toMatchObject({ ok: false, refusal: { code: refusal } });
      // The channel sends again, unaltered, and that one is believed.
      await waitFor(() => receivedAbout(harness, request.orderId).some((r) => r.outcome.ok), 'the unaltered retry');
    }
  });

  it('delivers a duplicated notification three times, all with one delivery id', async () => {
    const request = paymentFor(harness, channel, 1000);
    await addFault({ kind: 'duplicate', orderId: request.orderId, copies: 2 });
    await payAtSandbox(channel.createPayment(request), harness.sandbox.url);
    const copies = await waitFor(() => receivedAbout(harness, request.orderId).length >= 3 && receivedAbout(harness, request.orderId), 'three copies');
    const ids = copies.map((copy) => believed(copy.outcome).deliveryId);
    expect(new Set(ids).size).toBe(1);
    const attempts = await waitFor(async () => {
      const recorded = (await sandboxOrder(code, request.orderId)).deliveries[0].attempts;
      return recorded.length > 0 && recorded;
    }, 'the send recorded');
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'delivered', faults: ['duplicate×3'] })]);
  });

  it('retries a dropped notification; when every send is lost, the query still tells the payment', async () => {
    const once = paymentFor(harness, channel, 1000);
    await addFault({ kind: 'drop', orderId: once.orderId });
    await payAtSandbox(channel.createPayment(once), harness.sandbox.url);
    await waitFor(() => receivedAbout(harness, once.orderId)[0], 'the retried notification');
    const outcomes = await waitFor(async () => {
      const recorded = (await sandboxOrder(code, once.orderId)).deliveries[0].attempts.map((a) => a.outcome);
      return recorded.length === 2 && recorded;
    }, 'both sends recorded');
    expect(outcomes).toEqual(['dropped', 'delivered']);

    const lost = paymentFor(harness, channel, 1000);
    await addFault({ kind: 'drop', orderId: lost.orderId, times: 0 });
    await payAtSandbox(channel.createPayment(lost), harness.sandbox.url);
    await waitFor(async () => (await sandboxOrder(code, lost.orderId)).deliveries[0].attempts.length >= 3, 'three lost sends');
    expect(receivedAbout(harness, lost.orderId)).toEqual([]);
    expect((await channel.query(lost)).status).toBe('PAID');
  });

  it('sends again on the channel’s schedule while the merchant answers that it failed', async () => {
    const request = paymentFor(harness, channel, 1000);
    harness.failNext.set(request.orderId, 2);
    await payAtSandbox(channel.createPayment(request), harness.sandbox.url);
    const sends = await waitFor(() => receivedAbout(harness, request.orderId).length >= 3 && receivedAbout(harness, request.orderId), 'the third send');
    expect(sends.map((send) => send.outcome.ok)).toEqual([true, true, true]);
    const outcomes = await waitFor(async () => {
      const recorded = (await sandboxOrder(code, request.orderId)).deliveries[0].attempts.map((a) => a.outcome);
      return recorded.length === 3 && recorded;
    }, 'three sends recorded');
    expect(outcomes).toEqual(['refused', 'refused', 'delivered']);
  });

  it('the sandbox refuses a payment signed with a key that is not the merchant’s', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const sandbox = sandboxCredentials(harness.dataDir);
    const env: Record<string, string> = {
      ALIPAY: { ZSB_ALIPAY_APP_ID: sandbox.alipay.appId, ZSB_ALIPAY_SELLER_ID: sandbox.alipay.sellerId, ZSB_ALIPAY_PRIVATE_KEY: stranger, ZSB_ALIPAY_PUBLIC_KEY: sandbox.alipay.alipayPublicKey, ZSB_ALIPAY_GATEWAY_URL: `${harness.sandbox.url}/alipay/gateway.do` },
      UNIONPAY: { ZSB_UNIONPAY_MER_ID: sandbox.unionpay.merId, ZSB_UNIONPAY_SIGN_KEY: stranger, ZSB_UNIONPAY_SIGN_CERT: sandbox.unionpay.merchantCert, ZSB_UNIONPAY_ROOT_CERT: sandbox.unionpay.rootCert, ZSB_UNIONPAY_MIDDLE_CERT: sandbox.unionpay.middleCert, ZSB_UNIONPAY_GATEWAY_URL: `${harness.sandbox.url}/unionpay` },
      CEB: { ZSB_CEB_MERCHANT_ID: sandbox.ceb.merchantId, ZSB_CEB_PRIVATE_KEY: stranger, ZSB_CEB_BANK_PUBLIC_KEY: sandbox.ceb.bankPublicKey, ZSB_CEB_GATEWAY_URL: `${harness.sandbox.url}/ceb` },
    }[code];
    const impostor = new ChannelRegistry(harness.config, env).get(code);
    const opened = await openCheckout(impostor.createPayment(paymentFor(harness, channel, 1000)), harness.sandbox.url);
    expect(opened.status).toBe(400);
    expect(opened.html).toMatch(/isv\.invalid-signature|验证签名失败|签名验证失败/);
  });
});

describe('the payment sandbox', () => {
  it('reorders notifications when asked: the refund’s arrives before the payment’s', async () => {
    const alipay = harness.channels.get('ALIPAY');
    const request = paymentFor(harness, alipay, 8000);
    await addFault({ kind: 'reorder', orderId: request.orderId, batch: 2, holdMs: 60_000 });
    await payAtSandbox(alipay.createPayment(request), harness.sandbox.url);
    const status = await alipay.query(request);
    expect(status.status).toBe('PAID');
    harness.refunds.set(`R${request.orderId}`, 8000);
    await alipay.refund({ order: { ...request, channelTradeNo: status.channelTradeNo! }, refundId: `R${request.orderId}`, amountFen: 8000, reason: '退费', requestedAt: new Date() });
    const arrived = await waitFor(() => receivedAbout(harness, request.orderId).length >= 2 && receivedAbout(harness, request.orderId), 'both notifications');
    expect(arrived.map((r) => believed(r.outcome).kind)).toEqual(['REFUND', 'PAYMENT']);
    expect(believed(arrived[0].outcome).status).toBe('REFUNDED');
  });

  it('delays a notification by the time asked', async () => {
    const unionpay = harness.channels.get('UNIONPAY');
    const request = paymentFor(harness, unionpay, 1000);
    await addFault({ kind: 'delay', orderId: request.orderId, delayMs: 400 });
    const paidAt = Date.now();
    await payAtSandbox(unionpay.createPayment(request), harness.sandbox.url);
    const arrived = await waitFor(() => receivedAbout(harness, request.orderId)[0], 'the delayed notification');
    expect(arrived.at - paidAt).toBeGreaterThanOrEqual(400);
  });

  it('closes an order the candidate cancels; Alipay says TRADE_CLOSED and nothing is paid', async () => {
    const alipay = harness.channels.get('ALIPAY');
    const request = paymentFor(harness, alipay, 1000);
    const { answer } = await payAtSandbox(alipay.createPayment(request), harness.sandbox.url, 'cancel');
    expect(answer.headers.get('location')).toBe(`${harness.merchantUrl}/return`);
    const closed = await waitFor(() => receivedAbout(harness, request.orderId)[0], 'the close notification');
    expect(believed(closed.outcome).status).toBe('CLOSED');
    expect((await alipay.query(request)).status).toBe('CLOSED');
  });

  it('remembers paid orders and owed notifications across a restart', async () => {
    const ceb = harness.channels.get('CEB');
    const request = paymentFor(harness, ceb, 4200);
    // Every send is lost until the restart (faults live in memory only), so the notification is still owed then.
    await addFault({ kind: 'drop', orderId: request.orderId, times: 0 });
    await payAtSandbox(ceb.createPayment(request), harness.sandbox.url);
    await waitFor(async () => (await sandboxOrder('CEB', request.orderId)).deliveries[0].attempts.length >= 1, 'a lost send');
    await harness.restartSandbox();
    const restarted = harness.channels.get('CEB');
    expect((await restarted.query(request)).status).toBe('PAID');
    const [arrived] = await waitFor(() => receivedAbout(harness, request.orderId).length > 0 && receivedAbout(harness, request.orderId), 'the notification after the restart');
    expect(believed(arrived.outcome)).toMatchObject({ orderId: request.orderId, amountFen: 4200, status: 'PAID' });
  });

  it('refuses a fault it cannot apply', async () => {
    const response = await fetch(`${harness.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'explode' }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/kind must be one of/);
  });
});
