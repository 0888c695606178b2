/**
 * The sandbox's 光大银行 gateway (`/ceb/per/…`): `preEpayLogin.do` (TransName IPER) checks the merchant's signature
 * and merchant id, opens the order and shows the sandbox page; `QueryMerchantEpay.do` (IQSR) answers queries;
 * `MerchantBill.do` (assumed, TransName BILL) gives the day's bill. The notification posts `Plain` and `Signature`
 * to merURL until the merchant answers HTTP 200 (assumed). See ceb.protocol.ts for what is public and what assumed.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { compactTime, parseCompactTime } from '../modules/channels/beijing-time.ts';
import { formatPlain, formatQueryAnswer, NOTIFICATION_FIELDS, parsePlain, RESP_PAID, RESPONSE_OK, RESPONSE_ORDER_NOT_FOUND, sign, verify } from '../modules/channels/ceb.protocol.ts';
import { CEB_BILL_COLUMNS } from '../modules/channels/ceb.adapter.ts';
import { encodeForm } from '../modules/channels/form.ts';
import { fenToYuan, yuanToFen } from '../modules/channels/money.ts';
import { corrupt } from './alipay.simulator.ts';
import { sendAutoPost, sendErrorPage } from './checkout.ts';
import { compactDate, digits, openOrder, refundedFen, type ChannelSimulator, type SandboxContext } from './simulator.ts';
import type { SandboxOrder } from './store.ts';

const MINUTE = 60_000;

export function cebSimulator(context: SandboxContext): ChannelSimulator {
  const { store, notifier } = context;
  const credentials = context.credentials.ceb;
  const merchantKey = createPublicKey(credentials.merchantPublicKey);
  const bankKey = createPrivateKey(credentials.bankPrivateKey);
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '256kb' }));

  /** The merchant's signed Plain, read; or why it is refused. */
  const read = (body: Record<string, string>, transName: string): Record<string, string> | string => {
    if (body.TransName !== transName || !body.Plain || !body.Signature) return `需要 TransName=${transName}、Plain 和 Signature`;
    if (!verify(body.Plain, body.Signature, merchantKey)) return '签名验证失败';
    const fields = parsePlain(body.Plain);
    if (!fields || fields.transId !== transName) return 'Plain 格式错误';
    if (fields.merchantId !== credentials.merchantId) return '商户号不存在';
    return fields;
  };

  const bankAnswer = (res: Response, responseCode: string, plainFields?: [string, string][], message?: string) => {
    const plain = plainFields ? formatPlain(plainFields) : undefined;
    res.type('text/plain;charset=UTF-8').send(formatQueryAnswer({ responseCode, responseMessage: message, plain, signature: plain === undefined ? undefined : sign(plain, bankKey) }));
  };

  const notificationFields = (order: SandboxOrder): Record<string, string> => ({
    transId: 'IPER',
    merchantId: credentials.merchantId,
    orderId: order.orderId,
    transAmt: fenToYuan(order.amountFen),
    transDateTime: order.orderTime ?? '',
    transSeqNo: order.tradeNo,
    ppDateTime: order.paidAt ? compactTime(new Date(order.paidAt)) : '',
    clearingDate: order.paidAt ? compactDate(order.paidAt) : '',
    respCode: RESP_PAID,
    msgExt: '',
  });

  const signedPlain = (fields: Record<string, string>, badSignature = false) => {
    const plain = formatPlain(NOTIFICATION_FIELDS.map((name) => [name, fields[name] ?? '']));
    const signature = sign(plain, bankKey);
    return { Plain: plain, Signature: badSignature ? corrupt(signature) : signature };
  };

  router.post('/per/preEpayLogin.do', (req: Request, res: Response) => {
    const fields = read(req.body as Record<string, string>, 'IPER');
    if (typeof fields === 'string') return sendErrorPage(res, 400, 'EPE0001', fields);
    let amountFen: number;
    try {
      amountFen = yuanToFen(fields.transAmt);
    } catch {
      return sendErrorPage(res, 400, 'EPE0002', `transAmt ${fields.transAmt} 格式错误`);
    }
    if (!fields.orderId || !parseCompactTime(fields.transDateTime ?? '') || !fields.merURL || !fields.merURL1) return sendErrorPage(res, 400, 'EPE0002', '缺少 orderId、transDateTime、merURL 或 merURL1');
    const order = openOrder(
      store,
      { channel: 'CEB', orderId: fields.orderId, amountFen, subject: fields.productInfo || '光大网上支付', orderTime: fields.transDateTime, notifyUrl: fields.merURL, returnUrl: fields.merURL1, extra: {} },
      () => digits(12),
    );
    if (order === 'AMOUNT_CHANGED') return sendErrorPage(res, 400, 'EPE0003', '订单号重复且金额不同');
    res.redirect(303, `/sandbox/checkout/${order.checkoutId}`);
  });

  router.post('/per/QueryMerchantEpay.do', (req: Request, res: Response) => {
    const fields = read(req.body as Record<string, string>, 'IQSR');
    if (typeof fields === 'string') return bankAnswer(res, 'EPE0001', undefined, fields);
    const order = store.order('CEB', fields.originalorderId ?? '');
    if (!order || order.state === 'WAITING' || order.orderTime !== fields.originalTransDateTime) return bankAnswer(res, RESPONSE_ORDER_NOT_FOUND, undefined, '订单不存在');
    const refunded = refundedFen(order);
    const status = order.state === 'CLOSED' ? '01' : refunded >= order.amountFen ? '04' : refunded > 0 ? '03' : '00';
    bankAnswer(res, RESPONSE_OK, [
      ['transId', 'IQSR'],
      ['originalTransId', 'ZF01'],
      ['orderId', order.orderId],
      ['transSeqNo', order.tradeNo],
      ['merchantId', credentials.merchantId],
      ['transDateTime', order.orderTime ?? ''],
      ['ppDateTime', order.paidAt ? compactTime(new Date(order.paidAt)) : ''],
      ['clearingDate', order.paidAt ? compactDate(order.paidAt) : ''],
      ['transAmt', fenToYuan(order.amountFen)],
      ['transAmt1', fenToYuan(refunded)],
      ['feeAmt', '0.00'],
      ['transStatus', status],
      ['respCode', status === '01' ? 'EPE0009' : RESP_PAID],
    ]);
  });

  router.post('/per/MerchantBill.do', (req: Request, res: Response) => {
    const fields = read(req.body as Record<string, string>, 'BILL');
    if (typeof fields === 'string') return bankAnswer(res, 'EPE0001', undefined, fields);
    if (!/^\d{8}$/.test(fields.clearingDate ?? '')) return bankAnswer(res, 'EPE0002', undefined, 'clearingDate 须为 yyyyMMdd');
    const file = cebBill(fields.clearingDate, [...store.orders.values()].filter((order) => order.channel === 'CEB'));
    bankAnswer(res, RESPONSE_OK, [
      ['transId', 'BILL'],
      ['merchantId', credentials.merchantId],
      ['clearingDate', fields.clearingDate],
      ['fileContent', Buffer.from(file, 'utf8').toString('base64')],
    ]);
  });

  return {
    code: 'CEB',
    name: '光大支付',
    merchantId: credentials.merchantId,
    router,
    protocol: {
      retrySchedule: [0, MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE],
      encode(fields, badSignature) {
        return encodeForm({ TransName: 'IPER', ...signedPlain(fields, badSignature) });
      },
      accepted: (status) => status === 200,
    },
    paid(order, res) {
      const fields = notificationFields(order);
      notifier.notify(order, 'PAYMENT', fields);
      sendAutoPost(res, order.returnUrl, signedPlain(fields));
    },
    cancelled(order, res) {
      res.redirect(303, order.returnUrl);
    },
  };
}

/** The assumed bill format: one `|`-separated line per payment (ZF01) and refund (ZF02), columns of `CEB_BILL_COLUMNS`. */
export function cebBill(clearingDate: string, orders: SandboxOrder[]): string {
  const lines = [`#${CEB_BILL_COLUMNS.join('|')}`];
  for (const order of orders) {
    if (order.paidAt && compactDate(order.paidAt) === clearingDate) lines.push(['ZF01', order.orderId, order.tradeNo, fenToYuan(order.amountFen), compactTime(new Date(order.paidAt)), clearingDate, ''].join('|'));
    for (const refund of order.refunds.filter((r) => compactDate(r.at) === clearingDate)) {
      lines.push(['ZF02', order.orderId, order.tradeNo, fenToYuan(refund.amountFen), compactTime(new Date(refund.at)), clearingDate, refund.refundId].join('|'));
    }
  }
  return `${lines.join('\n')}\n`;
}

