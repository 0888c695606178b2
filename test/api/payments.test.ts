import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AuditEntry, OutboxMessage } from '@zsb/platform';
import type { Dependencies } from '../../subgraphs/payments/src/context.ts';
import { ExamsClient } from '../../subgraphs/payments/src/modules/payment-order/exams.client.ts';
import { PaymentOrder } from '../../subgraphs/payments/src/modules/payment-order/payment-order.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import type { TestPlatform } from '../support/platform.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { bearer, registerInnerMongolia, registerShandong } from './flows.ts';
import { addFault, checkOrder, deliveries, openPayment, payInBrowser, registrationPayment, startPaymentPlatform, type PaymentPlatform } from './payment-flows.ts';
import { acknowledgePledge, completeStep, eventually, file, handOverFiles, must, photo, reviewRegistration, showStep, startRegistration } from './registration-flows.ts';

const SD_REGISTRATION = '2023-04-01T10:00:00+08:00';
const SD_PAYMENT = '2023-04-12T10:00:00+08:00';
const NM_OPEN = '2026-03-03T10:00:00+08:00';

const sdPersonal = (phone: string) => ({
  politicalStatus: '03',
  birthDate: '1995-01-01',
  gender: '1',
  ethnicity: '01',
  phone,
  foreignLanguage: 'ENGLISH',
  mailingAddress: '山东省青岛市市南区考试路88号',
  postcode: '266000',
  email: 'candidate@example.com',
  householdProvince: '370000',
  householdCity: '371700',
  candidateCategory: '1',
});

const nmPersonal = (phone: string) => ({
  name: '张三',
  gender: '1',
  birthDate: '1995-01-01',
  ethnicity: '02',
  politicalStatus: '03',
  phone,
  collegeName: '内蒙古建筑职业技术学院',
  majorName: '建筑工程技术',
  graduationYear: '2026',
  mailingAddress: '内蒙古自治区呼和浩特市新城区新华大街1号',
  postcode: '010000',
  email: 'zhangsan@example.com',
});

describe.each(DATABASES)('payments through the gateway and the payment sandbox (%s)', (dialect) => {
  let platform: PaymentPlatform;
  let p: TestPlatform;
  const sd = {
    qingdao: { id: residentId('370202'), phone: phoneNumber(), college: '13000', examCity: '370200' },
    jinan: { id: residentId('370102'), phone: phoneNumber(), college: '10427', examCity: '370100' },
    hours: { id: residentId('370102'), phone: phoneNumber(), college: '10427', examCity: '370100' },
    late: { id: residentId('370102'), phone: phoneNumber(), college: '10427', examCity: '370100' },
    outage: { id: residentId('370102'), phone: phoneNumber(), college: '10427', examCity: '370100' },
  };
  const nm = { first: { phone: phoneNumber() }, checked: { phone: phoneNumber() } };
  const tokens: Record<string, string> = {};
  const registrations: Record<string, string> = {};
  let nmReviewer: string;

  const sdAt = (instant: string) => p.clock.set(instant, 'CN-SD');

  /** A Shandong candidate through pledge, photo, personal information, exam choice and confirmation. */
  async function shandongToPayment(who: keyof typeof sd): Promise<string> {
    const token = tokens[who];
    sdAt(SD_REGISTRATION);
    const started = must(await startRegistration(p, token));
    must(await showStep(p, token, started.id, 'PLEDGE'));
    sdAt('2023-04-01T10:00:03+08:00');
    must(await completeStep(p, token, started.id, 'PLEDGE', { acknowledged: true }));
    expect((await handOverFiles(p, started.id, 'PHOTO', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', sdPersonal(sd[who].phone)));
    must(await completeStep(p, token, started.id, 'EXAM_CHOICE', { examCity: sd[who].examCity, subjectGroup: 'MEDICINE' }));
    must(await completeStep(p, token, started.id, 'CONFIRMATION', { confirmed: true }));
    registrations[who] = started.id;
    return started.id;
  }

  /** An Inner Mongolia candidate through notice, type, personal information, materials, identity capture and the pledge. */
  async function innerMongoliaToPayment(who: keyof typeof nm): Promise<string> {
    const token = tokens[who];
    p.clock.set(NM_OPEN, 'CN-NM');
    const started = must(await startRegistration(p, token));
    must(await completeStep(p, token, started.id, 'NOTICE', { acknowledged: true }));
    must(await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'FRESH_GRADUATE' }));
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', nmPersonal(nm[who].phone)));
    expect((await handOverFiles(p, started.id, 'MATERIALS', { STUDENT_CARD: file(), STUDENT_STATUS_REPORT: file() })).body).toMatchObject({ completed: true });
    expect((await handOverFiles(p, started.id, 'IDENTITY_CAPTURE', { idCardFront: file(), photo: photo() })).body).toMatchObject({ completed: true });
    must(await acknowledgePledge(p, token, started.id));
    registrations[who] = started.id;
    return started.id;
  }

  const paymentsEm = () => p.subgraphs.payments.orm.em.fork();

  beforeAll(async () => {
    platform = await startPaymentPlatform(dialect);
    p = platform.p;
    const csv = [
      '证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型',
      ...Object.values(sd).map((x, i) => `${x.id},考生${i},${x.college},${x.college === '13000' ? '青岛职业技术学院' : '济南职业学院'},620403,医学影像技术,普通`),
    ].join('\n');
    await p.importRoster('CN-SD-2023', csv);
    for (const [who, person] of Object.entries(sd)) tokens[who] = (await registerShandong(p, person.id, person.phone)).tokens!.accessToken;
    for (const [who, person] of Object.entries(nm)) tokens[who] = (await registerInnerMongolia(p, residentId('150102'), person.phone)).tokens!.accessToken;
    const { password } = await p.createStaff({ username: 'nm.province.pay', role: 'PROVINCE_REVIEWER', province: 'CN-NM' });
    nmReviewer = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($p: String!) { logInStaff(username: "nm.province.pay", password: $p) { tokens { accessToken } } }', { p: password })).data!.logInStaff.tokens.accessToken;
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('a Shandong candidate sitting in 青岛 pays through UnionPay: the order follows the quote and the channel decision, the key is idempotent, and the registration completes', async () => {
    const id = await shandongToPayment('qingdao');
    sdAt(SD_PAYMENT);
    const opened = await openPayment(p, tokens.qingdao, id, 'qingdao-key-1');
    expect(opened).toMatchObject({ ok: true, order: { channel: 'UNIONPAY', amountFen: 4, status: 'PENDING', registrationId: id }, redirect: { method: 'POST' } });
    expect(opened.order!.quoteLines.map((l) => l.name)).toEqual(['报名', '计算机', '大学英语', '其他教育']);
    expect(opened.order!.ruleSetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(opened.redirect!.fields.find((f) => f.name === 'backUrl')?.value).toBe(`${p.url}/payments/notify/UNIONPAY`);
    // The same key answers the same order; another key continues the one open order of this quote.
    expect((await openPayment(p, tokens.qingdao, id, 'qingdao-key-1')).order!.id).toBe(opened.order!.id);
    expect((await openPayment(p, tokens.qingdao, id, 'qingdao-key-2')).order!.id).toBe(opened.order!.id);
    expect((await openPayment(p, tokens.qingdao, id, 'qingdao-key-3', { amountFen: 5 })).error?.code).toBe('PAYMENT_AMOUNT_CHANGED');
    expect((await openPayment(p, tokens.qingdao, id, 'bad key!')).error?.code).toBe('IDEMPOTENCY_KEY_INVALID');
    // Another candidate's registration is not found, whatever the key.
    expect((await openPayment(p, tokens.jinan, id, 'stranger-key-1')).error?.code).toBe('REGISTRATION_NOT_FOUND');

    // The first notification names an order the platform never opened (validly signed): refused, then the retry is believed.
    await addFault(platform.sandbox, { kind: 'alter', orderId: opened.order!.orderNo, fields: { orderId: 'ZSB000000000000000000000000' }, times: 1 });
    await payInBrowser(opened.redirect!, platform.sandbox.url);
    const done = await eventually(async () => {
      const view = await registrationPayment(p, tokens.qingdao);
      return view.status === 'COMPLETE' && view.paymentStatus.handedOver ? view : undefined;
    });
    expect(done.paymentStatus).toMatchObject({ status: 'PAID', amountFen: 4, channel: 'UNIONPAY', handedOver: true });
    expect(done.paymentStatus.orders).toHaveLength(1);
    expect(platform.refusedNotifications()).toContain('NOTIFICATION_ORDER_UNKNOWN');
    const sent = (await deliveries(platform.sandbox, 'UNIONPAY', opened.order!.orderNo)).flatMap((d) => d.attempts);
    expect(sent[0]).toMatchObject({ outcome: 'refused', status: 400, faults: ['alter'] });
    expect(sent.at(-1)).toMatchObject({ outcome: 'delivered', status: 200 });
    // A second order for a paid registration is refused; the first key still answers its (paid) order.
    expect((await openPayment(p, tokens.qingdao, id, 'qingdao-key-4')).error?.code).toBe('PAYMENT_ALREADY_MADE');
    expect((await openPayment(p, tokens.qingdao, id, 'qingdao-key-1')).order).toMatchObject({ id: opened.order!.id, status: 'PAID' });
    // The account's orders reach the supergraph through CandidateAccount.paymentOrders.
    const me = await p.graphql<{ me: { paymentOrders: { id: string; status: string }[] } }>('{ me { paymentOrders { id status } } }', {}, bearer(tokens.qingdao));
    expect(me.data!.me.paymentOrders).toEqual([{ id: opened.order!.id, status: 'PAID' }]);
  });

  it('a Shandong candidate sitting in 济南 pays through CEB; a badly signed notification and a duplicate change the order once, and exams hears of it once', async () => {
    const id = await shandongToPayment('jinan');
    sdAt(SD_PAYMENT);
    // Two devices (and a double click) opening at once get one order.
    const racing = await Promise.all(['jinan-a-key', 'jinan-b-key', 'jinan-c-key', 'jinan-c-key'].map((key) => openPayment(p, tokens.jinan, id, key)));
    expect(racing.every((r) => r.ok)).toBe(true);
    expect(new Set(racing.map((r) => r.order!.id)).size).toBe(1);
    const opened = racing[0];
    expect(opened.order).toMatchObject({ channel: 'CEB', amountFen: 4 });
    expect(await paymentsEm().count(PaymentOrder, { registrationId: id })).toBe(1);
    const orderNo = opened.order!.orderNo;
    await addFault(platform.sandbox, { kind: 'badSignature', orderId: orderNo, times: 1 });
    await addFault(platform.sandbox, { kind: 'duplicate', orderId: orderNo, copies: 3, times: 2 });
    await payInBrowser(opened.redirect!, platform.sandbox.url);
    await eventually(async () => ((await registrationPayment(p, tokens.jinan)).status === 'COMPLETE' ? true : undefined));
    const sent = await eventually(async () => {
      const list = await deliveries(platform.sandbox, 'CEB', orderNo);
      return list.length && list.every((d) => d.state === 'delivered') ? list : undefined;
    });
    const attempts = sent.flatMap((d) => d.attempts);
    // The badly signed send was refused with CEB's failure answer; the retry and its duplicates were acknowledged.
    expect(attempts[0]).toMatchObject({ outcome: 'refused', status: 400, faults: expect.arrayContaining(['badSignature']) });
    expect(platform.refusedNotifications()).toContain('NOTIFICATION_SIGNATURE_INVALID');
    expect(attempts.some((a) => a.outcome === 'delivered' && a.status === 200 && a.body === 'success')).toBe(true);
    const order = await paymentsEm().findOneOrFail(PaymentOrder, { orderNo });
    const paidEntries = await paymentsEm().count(AuditEntry, { action: 'payment.order.paid', subjectId: order.id });
    const messages = (await paymentsEm().find(OutboxMessage, { topic: 'payment.paid' })).filter((m) => m.payload.orderId === order.id);
    expect(paidEntries).toBe(1);
    expect(messages).toHaveLength(1);
    expect(order.handedOverAt).toBeTruthy();
  });

  it('an Inner Mongolia candidate pays through Alipay with every notification dropped: reconciliation asks Alipay and the registration goes to review; a refund is refused by the rules until review fails', async () => {
    const id = await innerMongoliaToPayment('first');
    const opened = await openPayment(p, tokens.first, id);
    expect(opened.order).toMatchObject({ channel: 'ALIPAY', amountFen: 15000 });
    expect(opened.redirect!.method).toBe('GET');
    await addFault(platform.sandbox, { kind: 'drop', orderId: opened.order!.orderNo, times: 0 });
    await payInBrowser(opened.redirect!, platform.sandbox.url);
    const view = await eventually(async () => {
      const v = await registrationPayment(p, tokens.first);
      return v.status === 'IN_REVIEW' && v.paymentStatus.handedOver ? v : undefined;
    }, 20_000);
    expect(view.paymentStatus).toMatchObject({ status: 'PAID', channel: 'ALIPAY', amountFen: 15000 });
    const order = await paymentsEm().findOneOrFail(PaymentOrder, { id: opened.order!.id });
    expect(order.settledBy).toBe('QUERY');

    const refund = (orderId: string) =>
      p.graphql<{ refundPaymentOrder: { ok: boolean; error: { code: string } | null; refund: { status: string } | null; order: { status: string } | null } }>(
        'mutation($id: ID!) { refundPaymentOrder(orderId: $id, reason: "资格审核未通过") { ok error { code } refund { status } order { status } } }',
        { id: orderId },
        bearer(nmReviewer),
      );
    expect((await refund(order.id)).data!.refundPaymentOrder).toMatchObject({ ok: false, error: { code: 'REFUND_NOT_ALLOWED' } });
    expect(await paymentsEm().count(AuditEntry, { action: 'payment.refund.refused', subjectId: order.id })).toBe(1);
    // Inner Mongolia refunds a candidate whose qualification review failed (refundWhenReviewFails).
    p.clock.set('2026-03-05T09:00:00+08:00', 'CN-NM');
    expect(must(await reviewRegistration(p, nmReviewer, id, 'REJECT', '不符合报考条件')).status).toBe('REJECTED');
    const refunded = (await refund(order.id)).data!.refundPaymentOrder;
    expect(refunded).toMatchObject({ ok: true, refund: { status: 'SUCCEEDED' }, order: { status: 'REFUNDED' } });
    expect((await refund(order.id)).data!.refundPaymentOrder.error?.code).toBe('REFUND_ALREADY_MADE');
  });

  it('notifications naming another amount or an unknown order are refused before anything changes; a late notification after the candidate\'s own check changes nothing', async () => {
    const id = await innerMongoliaToPayment('checked');
    const opened = await openPayment(p, tokens.checked, id);
    const orderNo = opened.order!.orderNo;
    await addFault(platform.sandbox, { kind: 'alter', orderId: orderNo, fields: { total_amount: '1.50' }, times: 1 });
    // The genuine notification comes late: the candidate's "check now" asks Alipay first.
    await addFault(platform.sandbox, { kind: 'delay', orderId: orderNo, delayMs: 3000, times: 1 });
    const paidPage = await payInBrowser(opened.redirect!, platform.sandbox.url);
    const checked = await checkOrder(p, tokens.checked, opened.order!.id);
    expect(checked).toMatchObject({ ok: true, order: { status: 'PAID' } });
    // Alipay sends the browser back to the gateway's return route, which shows the order as payments knows it.
    const back = paidPage.headers.get('location')!;
    expect(back.startsWith(`${p.url}/payments/return/ALIPAY?`)).toBe(true);
    const returned = await fetch(back, { redirect: 'manual' });
    expect([returned.status, returned.headers.get('location')]).toEqual([303, `/?paymentOrder=${opened.order!.id}`]);
    const sent = await eventually(async () => {
      const list = await deliveries(platform.sandbox, 'ALIPAY', orderNo);
      return list.length && list.every((d) => d.state === 'delivered') ? list : undefined;
    }, 20_000);
    const attempts = sent.flatMap((d) => d.attempts);
    // The altered one was refused with Alipay's `fail`; the genuine one, arriving after the check settled the order, was acknowledged.
    expect(attempts.map((a) => [a.outcome, a.body])).toEqual([
      ['refused', 'fail'],
      ['delivered', 'success'],
    ]);
    expect(platform.refusedNotifications()).toContain('NOTIFICATION_AMOUNT_MISMATCH');
    const order = await paymentsEm().findOneOrFail(PaymentOrder, { orderNo });
    expect(order).toMatchObject({ status: 'PAID', settledBy: 'QUERY' });
    expect(await paymentsEm().count(AuditEntry, { action: 'payment.order.paid', subjectId: order.id })).toBe(1);
    // Another candidate cannot check this order.
    expect((await checkOrder(p, tokens.first, order.id)).error?.code).toBe('PAYMENT_ORDER_NOT_FOUND');
    // A notification posted by anyone with a made-up signature is answered as Alipay's failure and changes nothing.
    const forged = await fetch(`${p.url}/payments/notify/ALIPAY`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `out_trade_no=${orderNo}&trade_status=TRADE_SUCCESS&total_amount=150.00&sign=AAAA&sign_type=RSA2` });
    expect([forged.status, await forged.text()]).toEqual([200, 'fail']);
    const unknownChannel = await fetch(`${p.url}/payments/notify/PAYPAL`, { method: 'POST', body: 'x=1' });
    expect(unknownChannel.status).toBe(404);
  });

  it('payment is refused outside the payment window\'s daily hours and after it closes, naming the window', async () => {
    const id = await shandongToPayment('hours');
    sdAt('2023-04-12T08:30:00+08:00');
    expect((await openPayment(p, tokens.hours, id)).error?.code).toBe('WINDOW_OUTSIDE_DAILY_HOURS');
    sdAt('2023-04-12T17:00:00+08:00');
    expect((await openPayment(p, tokens.hours, id)).error?.code).toBe('WINDOW_OUTSIDE_DAILY_HOURS');
    sdAt('2023-04-15T10:00:00+08:00');
    const closed = await openPayment(p, tokens.hours, id);
    expect(closed.error?.code).toBe('WINDOW_CLOSED');
    expect(closed.error?.message).toContain('网上缴费');
    expect(await paymentsEm().count(PaymentOrder, { registrationId: id })).toBe(0);
  });

  it('with exams down during payment, the paid order is handed over once exams is back', async () => {
    const id = await shandongToPayment('outage');
    sdAt(SD_PAYMENT);
    const opened = await openPayment(p, tokens.outage, id);
    const deps = p.subgraphs.payments.dependencies as Dependencies;
    const examsUrl = new URL(p.subgraphs.exams.url);
    // Payments reaches exams through a proxy that refuses connections: exams is down as payments sees it.
    const proxy = await TcpProxy.create({ host: examsUrl.hostname, port: Number(examsUrl.port) });
    const original = deps.payments.exams;
    deps.payments.exams = new ExamsClient(`http://127.0.0.1:${proxy.port}`, (original as unknown as { secret: Buffer }).secret);
    try {
      await payInBrowser(opened.redirect!, platform.sandbox.url);
      const paid = await eventually(async () => {
        const order = await paymentsEm().findOne(PaymentOrder, { id: opened.order!.id });
        return order?.status === 'PAID' ? order : undefined;
      });
      expect(paid.handedOverAt).toBeNull();
      await eventually(async () => (await paymentsEm().find(OutboxMessage, { topic: 'payment.paid', deliveredAt: null })).find((m) => m.payload.orderId === opened.order!.id && m.attempts >= 1));
      expect((await registrationPayment(p, tokens.outage)).status).toBe('IN_PROGRESS');
      await proxy.forward();
      // The relay tries again with back-off (2 s, 4 s, …).
      const done = await eventually(async () => {
        const view = await registrationPayment(p, tokens.outage);
        return view.status === 'COMPLETE' && view.paymentStatus.handedOver ? view : undefined;
      }, 30_000);
      expect(done.paymentStatus.status).toBe('PAID');
    } finally {
      deps.payments.exams = original;
      await proxy.close();
    }
  });
  it('the daily bill reconciliation reports to staff every order paid there not here, here not there, or of another amount', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const deps = p.subgraphs.payments.dependencies as Dependencies;
    // A payment Alipay took for an order the platform never opened (its notification is refused as unknown).
    const stranger = deps.channels.get('ALIPAY').createPayment({ orderId: 'ZSB0000000000000000000STRAY', amountFen: 15000, createdAt: new Date(), subject: '其他', device: 'desktop', notifyUrl: `${p.url}/payments/notify/ALIPAY`, returnUrl: `${p.url}/payments/return/ALIPAY` });
    await payInBrowser({ method: stranger.method, url: stranger.url, fields: Object.entries(stranger.fields).map(([name, value]) => ({ name, value })) }, platform.sandbox.url);
    // An order recorded here as paid that Alipay never took, and one whose amount here differs from Alipay's.
    const em = paymentsEm();
    const checked = await em.findOneOrFail(PaymentOrder, { registrationId: registrations.checked });
    await em.nativeUpdate(PaymentOrder, { id: checked.id }, { amountFen: 14999 });
    const ghost = em.create(PaymentOrder, { ...checked, id: randomUUID(), orderNo: 'ZSB00000000000000000000GHOST', openKey: null, amountFen: 15000 } as never) as PaymentOrder;
    await em.flush();
    const { password } = await p.createStaff({ username: 'admin.pay', role: 'ADMIN' });
    const admin = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>('mutation($p: String!) { logInStaff(username: "admin.pay", password: $p) { tokens { accessToken } } }', { p: password })).data!.logInStaff.tokens.accessToken;
    const reconcile = (date: string, token = admin) =>
      p.graphql<{ reconcilePaymentBill: { ok: boolean; error: { code: string } | null; reconciliation: { billRows: number; mismatches: { kind: string; orderNo: string; channelFen: number | null; platformFen: number | null }[] } | null } }>(
        'mutation($d: String!) { reconcilePaymentBill(channel: "ALIPAY", date: $d) { ok error { code } reconciliation { billRows mismatches { kind orderNo channelFen platformFen } } } }',
        { d: date },
        bearer(token),
      );
    const result = (await reconcile(today)).data!.reconcilePaymentBill;
    expect(result.ok).toBe(true);
    const kinds = Object.fromEntries(result.reconciliation!.mismatches.map((m) => [m.orderNo, m]));
    expect(kinds['ZSB0000000000000000000STRAY']).toMatchObject({ kind: 'PAID_THERE_NOT_HERE', channelFen: 15000 });
    expect(kinds[ghost.orderNo]).toMatchObject({ kind: 'PAID_HERE_NOT_THERE', platformFen: 15000 });
    expect(kinds[checked.orderNo]).toMatchObject({ kind: 'AMOUNT_DIFFERS', channelFen: 15000, platformFen: 14999 });
    expect(result.reconciliation!.mismatches).toHaveLength(3);
    expect(await paymentsEm().count(AuditEntry, { action: 'payment.bill.mismatch' })).toBe(3);
    expect((await reconcile('2026-13-40')).data!.reconcilePaymentBill.error?.code).toBe('BILL_DATE_INVALID');
    expect((await reconcile(today, nmReviewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
