import { generateKeyPairSync } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { describe, expect, it } from 'vitest';
import { notificationSignString, requestSignString, rsa2Sign, rsa2Verify, signedResponse } from './alipay.protocol.ts';

const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

describe('Alipay’s signing strings', () => {
  it('builds the notification string of Alipay’s documented example: sign and sign_type left out, the rest sorted', () => {
    // The example notification of Alipay's "异步通知验签" page. Its documented string leaves gmt_create out (it would
    // sort between gmt_close and gmt_payment), so this copy of the example does too.
    const notification = {
      total_amount: '2.00',
      buyer_id: '2088102116773037',
      body: '大乐透2.1',
      trade_no: '2016071921001003030200089909',
      refund_fee: '0.00',
      notify_time: '2016-07-19 14:10:49',
      subject: '大乐透2.1',
      sign_type: 'RSA2',
      charset: 'utf-8',
      notify_type: 'trade_status_sync',
      out_trade_no: '0719141034-6418',
      gmt_close: '2016-07-19 14:10:46',
      gmt_payment: '2016-07-19 14:10:47',
      trade_status: 'TRADE_SUCCESS',
      version: '1.0',
      sign: 'kPbQIjX+xQc8F0/A6/AocELIjhhZnGbcBN6G4MM/HmfWL4ZiHM6fWl5NQhzXJusaklZ1LFuMo+lHQUELAYeugH8LYFvxnNajOvZhuxNFbN2LhF0l/KL8ANtj8oyPM4NN7Qft2kWJTDJUpQOzCzNnV9hDxh5AaT9FPqRS6ZKxnzM=',
      app_id: '2015102700040153',
      seller_id: '2088102119685838',
      notify_id: '4a91b7a78a503640467525113fb7d8bg8e',
    };
    expect(notificationSignString(notification)).toBe(
      'app_id=2015102700040153&body=大乐透2.1&buyer_id=2088102116773037&charset=utf-8&gmt_close=2016-07-19 14:10:46&gmt_payment=2016-07-19 14:10:47&notify_id=4a91b7a78a503640467525113fb7d8bg8e&notify_time=2016-07-19 14:10:49&notify_type=trade_status_sync&out_trade_no=0719141034-6418&refund_fee=0.00&seller_id=2088102119685838&subject=大乐透2.1&total_amount=2.00&trade_no=2016071921001003030200089909&trade_status=TRADE_SUCCESS&version=1.0',
    );
  });

  it('keeps sign_type in a request’s string and leaves empty values out', () => {
    expect(requestSignString({ method: 'alipay.trade.query', sign_type: 'RSA2', sign: 'x', app_id: '1', notify_url: '', biz_content: '{"out_trade_no":"A"}' })).toBe('app_id=1&biz_content={"out_trade_no":"A"}&method=alipay.trade.query&sign_type=RSA2');
  });
});

describe('the sandbox’s Alipay signatures against alipay-sdk (each side implemented independently)', () => {
  const merchant = keys();
  const alipay = keys();
  const sdk = new AlipaySdk({ appId: '9021000000000001', privateKey: merchant.privateKey, keyType: 'PKCS8', alipayPublicKey: alipay.publicKey, gateway: 'http://127.0.0.1:9/alipay/gateway.do' });

  it('a notification the sandbox signs passes the SDK’s check, and fails it once any value changes', () => {
    const fields: Record<string, string> = { app_id: '9021000000000001', notify_id: 'n1', out_trade_no: 'ZSB00000001', total_amount: '150.00', trade_status: 'TRADE_SUCCESS', subject: '报名费 & 考试费', sign_type: 'RSA2' };
    fields.sign = rsa2Sign(notificationSignString(fields), alipay.privateKey);
    expect(sdk.checkNotifySignV2(fields)).toBe(true);
    expect(sdk.checkNotifySignV2({ ...fields, total_amount: '0.01' })).toBe(false);
  });

  it('a payment page URL the SDK signs passes the sandbox’s check, and fails it once any value changes', () => {
    const url = new URL(sdk.pageExecute('alipay.trade.wap.pay', 'GET', { bizContent: { out_trade_no: 'ZSB00000001', total_amount: '150.00', subject: '报名费', product_code: 'QUICK_WAP_WAY' }, notifyUrl: 'http://merchant/notify', returnUrl: 'http://merchant/return' }));
    const params = Object.fromEntries(url.searchParams);
    expect(rsa2Verify(requestSignString(params), params.sign, merchant.publicKey)).toBe(true);
    expect(rsa2Verify(requestSignString({ ...params, biz_content: params.biz_content.replace('150.00', '0.01') }), params.sign, merchant.publicKey)).toBe(false);
  });

  it('writes a synchronous answer signed over the exact text of its response object', () => {
    const text = signedResponse('alipay.trade.query', { code: '10000', msg: 'Success', out_trade_no: 'A' }, alipay.privateKey);
    const inner = /^\{"alipay_trade_query_response":(\{.*\}),"sign":"([^"]+)"\}$/.exec(text)!;
    expect(rsa2Verify(inner[1], inner[2], alipay.publicKey)).toBe(true);
    expect(sdk.getSignStr(text, 'alipay_trade_query_response')).toBe(inner[1]);
  });
});
