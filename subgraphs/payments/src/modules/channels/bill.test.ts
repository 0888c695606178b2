import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { alipayBill } from '../../sandbox/alipay.simulator.ts';
import type { SandboxOrder } from '../../sandbox/store.ts';
import { ChannelRegistry } from './channel.registry.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-bills-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const channels = new ChannelRegistry({ mode: 'test', dataDir }, {});

const order: SandboxOrder = {
  channel: 'ALIPAY',
  orderId: 'ZSB00000001',
  amountFen: 15000,
  subject: '报名费, 考试费',
  notifyUrl: 'http://m/n',
  returnUrl: 'http://m/r',
  state: 'PAID',
  tradeNo: '2026112222001000000000000001',
  checkoutId: 'c',
  createdAt: '2026-11-22T01:00:00.000Z',
  paidAt: '2026-11-22T01:01:00.000Z',
  refunds: [{ refundId: 'RZSB00000001', amountFen: 5000, at: '2026-11-22T02:00:00.000Z', tradeNo: '2026112222001000000000000001' }],
  extra: {},
};

describe('reading the channels’ daily bills', () => {
  it('reads Alipay’s GBK detail file: comment lines skipped, payments and refunds with positive amounts', () => {
    const rows = channels.get('ALIPAY').parseBill(iconv.encode(alipayBill('2026-11-22', [order], '2088000000000001').detail, 'gbk'));
    expect(rows).toEqual([
      { kind: 'PAYMENT', orderId: 'ZSB00000001', channelTradeNo: order.tradeNo, amountFen: 15000, at: new Date('2026-11-22T01:01:00.000Z'), refundId: undefined },
      { kind: 'REFUND', orderId: 'ZSB00000001', refundId: 'RZSB00000001', channelTradeNo: order.tradeNo, amountFen: 5000, at: new Date('2026-11-22T02:00:00.000Z') },
    ]);
  });

  it('refuses a bill without the columns it needs, or with a line it cannot read, naming the line', () => {
    const alipay = channels.get('ALIPAY');
    expect(() => alipay.parseBill(Buffer.from('商户订单号,金额\nA,1\n'))).toThrow(/no column 支付宝交易号/);
    const detail = alipayBill('2026-11-22', [order], '2088000000000001').detail.replace('150.00', '150.001');
    expect(() => alipay.parseBill(Buffer.from(detail))).toThrow(/line 6 of the Alipay bill: amount "150.001"/);
  });

  it('reads the UnionPay and CEB files line by line and names a bad line', () => {
    const unionpay = channels.get('UNIONPAY');
    expect(unionpay.parseBill(Buffer.from('#txnType|orderId|queryId|origQryId|origOrderId|txnAmt|txnTime|settleDate\n01|ZSB1|Q1|||15000|20261122090100|1122\n04|R1|Q2|Q1|ZSB1|5000|20261122100000|1122\n'))).toEqual([
      { kind: 'PAYMENT', orderId: 'ZSB1', channelTradeNo: 'Q1', amountFen: 15000, at: new Date('2026-11-22T01:01:00Z') },
      { kind: 'REFUND', orderId: 'ZSB1', refundId: 'R1', channelTradeNo: 'Q1', amountFen: 5000, at: new Date('2026-11-22T02:00:00Z') },
    ]);
    expect(() => unionpay.parseBill(Buffer.from('01|ZSB1|Q1|||15000|20261122090100\n'))).toThrow(/line 1 of the UnionPay file cannot be read/);
    const ceb = channels.get('CEB');
    expect(ceb.parseBill(Buffer.from('ZF01|ZSB1|901239710367|150.00|20261122090100|20261122|\n'))).toEqual([{ kind: 'PAYMENT', orderId: 'ZSB1', refundId: undefined, channelTradeNo: '901239710367', amountFen: 15000, at: new Date('2026-11-22T01:01:00Z') }]);
    expect(() => ceb.parseBill(Buffer.from('\nZF09|ZSB1|9|1.00|20261122090100|20261122|\n'))).toThrow(/line 2 of the CEB bill cannot be read/);
  });
});
