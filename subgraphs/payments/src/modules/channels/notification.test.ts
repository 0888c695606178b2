import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChannelRegistry } from './channel.registry.ts';
import { ChannelError, type PaymentRequest } from './channel.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-notify-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const channels = new ChannelRegistry({ mode: 'test', dataDir }, {});
const context = { findOrder: () => ({ amountFen: 100 }), findRefund: () => ({ amountFen: 100 }) };

describe.each(['ALIPAY', 'UNIONPAY', 'CEB'])('%s notifications that are not the channel’s', (code) => {
  it('are refused with a code, never thrown, whatever the body', async () => {
    const channel = channels.get(code);
    const bodies = [
      '',
      'garbage',
      '%E4%ZZ',
      'sign=abc&sign=def',
      'signature=abc&signPubKeyCert=-----BEGIN%20CERTIFICATE-----&signMethod=01&version=5.1.0',
      'Plain=transId%3DIPER&Signature=zz',
      'app_id=1&sign=AAAA&sign_type=RSA2&out_trade_no=ZSB00000001&total_amount=1.00',
      randomBytes(300).toString('latin1'),
    ];
    for (const body of bodies) {
      const outcome = await channel.parseNotification({ body }, context);
      expect(outcome.ok, body).toBe(false);
      if (!outcome.ok) expect(['NOTIFICATION_MALFORMED', 'NOTIFICATION_SIGNATURE_INVALID']).toContain(outcome.refusal.code);
    }
  });

  it('a payment request the channel cannot take is refused before anything is sent', () => {
    const channel = channels.get(code);
    const good: PaymentRequest = { orderId: 'ZSB00000001', amountFen: 100, createdAt: new Date(), subject: '报名费', device: 'desktop', notifyUrl: 'http://m/n', returnUrl: 'http://m/r' };
    for (const bad of [{ orderId: 'ZSB-1' }, { amountFen: 0 }, { amountFen: 1.5 }, { subject: ' ' }, { notifyUrl: 'javascript:alert(1)' }]) {
      expect(() => channel.createPayment({ ...good, ...bad }), JSON.stringify(bad)).toThrow(ChannelError);
    }
    expect(channel.createPayment(good).url).toMatch(/^http:\/\/127\.0\.0\.1:4104\//);
  });
});
