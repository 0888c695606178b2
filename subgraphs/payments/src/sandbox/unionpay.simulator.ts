/**
 * The sandbox's UnionPay 全渠道 gateway (`/unionpay/gateway/api/…`): checks the merchant's certificate signature
 * (`certId` must be the merchant's certificate) and `merId`; `frontTransReq.do` opens the order and shows the sandbox
 * page; `backTransReq.do` takes refunds (退货) and answers "accepted", the result following as a back notification;
 * `queryTrans.do` answers queries; `/unionpay/filedownload` gives the day's settlement file (txnType 76). Every
 * answer and notification is signed with the sandbox's UnionPay certificate, sent whole as `signPubKeyCert`. Back
 * notifications are sent until the merchant answers HTTP 200 (or 302), five sends at most.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import express, { type Request, type Response } from 'express';
import { compactTime, parseCompactTime } from '../modules/channels/beijing-time.ts';
import { encodeForm } from '../modules/channels/form.ts';
import { fenFromString, fenToString } from '../modules/channels/money.ts';
import { ACP_VERSION, certId, formatAnswer, sign, verify } from '../modules/channels/unionpay.protocol.ts';
import { UNIONPAY_BILL_COLUMNS } from '../modules/channels/unionpay.adapter.ts';
import { corrupt } from './alipay.simulator.ts';
import { sendAutoPost, sendErrorPage } from './checkout.ts';
import { compactDate, digits, openOrder, refundedFen, type ChannelSimulator, type SandboxContext } from './simulator.ts';
import type { SandboxOrder } from './store.ts';

const MINUTE = 60_000;

export function unionpaySimulator(context: SandboxContext): ChannelSimulator {
  const { store, notifier } = context;
  const credentials = context.credentials.unionpay;
  const merchantKey = createPublicKey(credentials.merchantCert);
  const merchantCertId = certId(credentials.merchantCert);
  const unionpayKey = createPrivateKey(credentials.unionpayKey);
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '256kb' }));

  /** Signs fields as UnionPay: its certificate in the message, the signature over the rest. */
  const signed = (fields: Record<string, string>, badSignature = false): Record<string, string> => {
    const all: Record<string, string> = { version: ACP_VERSION, encoding: 'UTF-8', signMethod: '01', signPubKeyCert: credentials.unionpayCert, ...fields };
    for (const key of Object.keys(all)) if (all[key] === '') delete all[key];
    const signature = sign(all, unionpayKey);
    return { ...all, signature: badSignature ? corrupt(signature) : signature };
  };

  /** Why a merchant's request is refused (respCode and message), or undefined. */
  const check = (fields: Record<string, string>): [string, string] | undefined => {
    if (fields.version !== ACP_VERSION || fields.signMethod !== '01') return ['10', `报文格式错误：version ${fields.version} signMethod ${fields.signMethod}`];
    if (fields.certId !== merchantCertId || !verify(fields, merchantKey)) return ['11', '验证签名失败'];
    if (fields.merId !== credentials.merId) return ['31', '商户状态不正确'];
    return undefined;
  };

  const settlement = (iso: string) => compactDate(iso).slice(4);

  const paymentFields = (order: SandboxOrder): Record<string, string> => ({
    txnType: '01',
    txnSubType: '01',
    bizType: '000201',
    accessType: '0',
    merId: credentials.merId,
    orderId: order.orderId,
    txnTime: order.orderTime ?? '',
    txnAmt: fenToString(order.amountFen),
    currencyCode: '156',
    queryId: order.tradeNo,
    traceNo: order.tradeNo.slice(-6),
    traceTime: order.paidAt ? compactTime(new Date(order.paidAt)).slice(4) : '',
    settleDate: order.paidAt ? settlement(order.paidAt) : '',
    settleAmt: fenToString(order.amountFen),
    settleCurrencyCode: '156',
    accNo: '6216********0018',
    payCardType: '01',
    respCode: '00',
    respMsg: 'Success!',
  });

  const answer = (res: Response, fields: Record<string, string>) => res.type('text/plain;charset=UTF-8').send(formatAnswer(signed(fields)));

  router.post('/gateway/api/frontTransReq.do', (req: Request, res: Response) => {
    const fields = req.body as Record<string, string>;
    const problem = check(fields);
    if (problem) return sendErrorPage(res, 400, problem[0], problem[1]);
    if (fields.txnType !== '01' || fields.bizType !== '000201') return sendErrorPage(res, 400, '12', `沙箱只受理消费交易 txnType 01 bizType 000201，不是 ${fields.txnType}/${fields.bizType}`);
    let amountFen: number;
    try {
      amountFen = fenFromString(fields.txnAmt);
    } catch {
      return sendErrorPage(res, 400, '10', `txnAmt ${fields.txnAmt} 格式错误`);
    }
    if (!fields.orderId || !parseCompactTime(fields.txnTime ?? '') || !fields.backUrl || !fields.frontUrl) return sendErrorPage(res, 400, '10', '缺少 orderId、txnTime、backUrl 或 frontUrl');
    const commodity = /commodityName=([^}]*)/.exec(fields.riskRateInfo ?? '')?.[1];
    const order = openOrder(
      store,
      {
        channel: 'UNIONPAY',
        orderId: fields.orderId,
        amountFen,
        subject: commodity ?? '银联在线支付',
        orderTime: fields.txnTime,
        notifyUrl: fields.backUrl,
        returnUrl: fields.frontUrl,
        expiresAt: fields.payTimeout ? parseCompactTime(fields.payTimeout)?.toISOString() : undefined,
        extra: { channelType: fields.channelType ?? '07' },
      },
      () => `${compactTime(new Date())}${digits(7)}`,
    );
    if (order === 'AMOUNT_CHANGED') return sendErrorPage(res, 400, '12', '重复交易：同一订单号的金额不同');
    res.redirect(303, `/sandbox/checkout/${order.checkoutId}`);
  });

  router.post('/gateway/api/backTransReq.do', (req: Request, res: Response) => {
    const fields = req.body as Record<string, string>;
    const echo = { txnType: fields.txnType ?? '', txnSubType: fields.txnSubType ?? '', bizType: fields.bizType ?? '', accessType: fields.accessType ?? '', merId: fields.merId ?? '', orderId: fields.orderId ?? '', txnTime: fields.txnTime ?? '' };
    const refuse = (code: string, message: string) => answer(res, { ...echo, respCode: code, respMsg: message });
    const problem = check(fields);
    if (problem) return refuse(...problem);
    if (fields.txnType !== '04') return refuse('12', `沙箱后台只受理退货 txnType 04，不是 ${fields.txnType}`);
    const order = store.byTradeNo('UNIONPAY', fields.origQryId ?? '');
    if (!order || order.state !== 'PAID') return refuse('35', '原交易不存在或状态不正确');
    if (!fields.orderId || !parseCompactTime(fields.txnTime ?? '') || !fields.backUrl) return refuse('10', '缺少 orderId、txnTime 或 backUrl');
    const earlier = store.byRefundId('UNIONPAY', fields.orderId);
    if (earlier) return refuse('12', '重复交易');
    let amountFen: number;
    try {
      amountFen = fenFromString(fields.txnAmt);
    } catch {
      return refuse('10', `txnAmt ${fields.txnAmt} 格式错误`);
    }
    if (amountFen <= 0 || refundedFen(order) + amountFen > order.amountFen) return refuse('36', '退货金额超过原交易可退金额');
    const now = new Date();
    const queryId = `${compactTime(now)}${digits(7)}`;
    order.refunds.push({ refundId: fields.orderId, amountFen, at: now.toISOString(), tradeNo: queryId, requestTime: fields.txnTime });
    store.saveOrder(order);
    const refundFields = { ...echo, txnAmt: fenToString(amountFen), currencyCode: '156', origQryId: order.tradeNo, queryId, traceNo: queryId.slice(-6), traceTime: compactTime(now).slice(4), settleDate: settlement(now.toISOString()), settleAmt: fenToString(amountFen), settleCurrencyCode: '156', respCode: '00', respMsg: 'Success!' };
    notifier.notify(order, 'REFUND', refundFields, fields.backUrl);
    answer(res, { ...echo, txnAmt: fenToString(amountFen), origQryId: order.tradeNo, queryId, respCode: '00', respMsg: '成功[0000000]' });
  });

  router.post('/gateway/api/queryTrans.do', (req: Request, res: Response) => {
    const fields = req.body as Record<string, string>;
    const echo = { txnType: '00', txnSubType: '00', bizType: '000000', accessType: fields.accessType ?? '0', merId: fields.merId ?? '', orderId: fields.orderId ?? '', txnTime: fields.txnTime ?? '' };
    const problem = check(fields);
    if (problem) return answer(res, { ...echo, respCode: problem[0], respMsg: problem[1] });
    const order = store.order('UNIONPAY', fields.orderId ?? '');
    if (order && order.orderTime === fields.txnTime && order.state === 'PAID') {
      return answer(res, { ...paymentFields(order), respCode: '00', respMsg: '成功[0000000]', origRespCode: '00', origRespMsg: '成功[0000000]' });
    }
    const refund = store.byRefundId('UNIONPAY', fields.orderId ?? '');
    if (refund && refund.refund.requestTime === fields.txnTime) {
      const { order: original, refund: found } = refund;
      return answer(res, { txnType: '04', txnSubType: '00', bizType: '000201', accessType: '0', merId: credentials.merId, orderId: found.refundId, txnTime: found.requestTime ?? '', txnAmt: fenToString(found.amountFen), currencyCode: '156', queryId: found.tradeNo, origQryId: original.tradeNo, settleDate: settlement(found.at), respCode: '00', respMsg: '成功[0000000]', origRespCode: '00', origRespMsg: '成功[0000000]' });
    }
    answer(res, { ...echo, respCode: '34', respMsg: '查无此交易' });
  });

  router.post('/filedownload', (req: Request, res: Response) => {
    const fields = req.body as Record<string, string>;
    const echo = { txnType: '76', txnSubType: fields.txnSubType ?? '01', bizType: '000000', accessType: '0', merId: fields.merId ?? '', txnTime: fields.txnTime ?? '', settleDate: fields.settleDate ?? '' };
    const problem = check(fields);
    if (problem) return answer(res, { ...echo, respCode: problem[0], respMsg: problem[1] });
    if (fields.txnType !== '76' || !/^\d{4}$/.test(fields.settleDate ?? '')) return answer(res, { ...echo, respCode: '10', respMsg: 'settleDate 须为 MMDD' });
    const file = unionpayBill(fields.settleDate, [...store.orders.values()].filter((order) => order.channel === 'UNIONPAY'));
    answer(res, { ...echo, fileType: '00', fileName: `INN${new Date().getFullYear().toString().slice(2)}${fields.settleDate}88ZM_${credentials.merId}`, fileContent: deflateSync(Buffer.from(file, 'utf8')).toString('base64'), respCode: '00', respMsg: '成功[0000000]' });
  });

  return {
    code: 'UNIONPAY',
    name: '银联支付',
    merchantId: credentials.merId,
    router,
    protocol: {
      retrySchedule: [0, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE],
      encode: (fields, badSignature) => encodeForm(signed(fields, badSignature)),
      accepted: (status) => status === 200 || status === 302,
    },
    paid(order, res) {
      const fields = paymentFields(order);
      notifier.notify(order, 'PAYMENT', fields);
      sendAutoPost(res, order.returnUrl, signed(fields));
    },
    cancelled(order, res) {
      res.redirect(303, order.returnUrl);
    },
  };
}

/**
 * The sandbox's settlement file for one settlement day (`MMdd`): one `|`-separated line per payment and refund, the
 * columns of `UNIONPAY_BILL_COLUMNS` (UnionPay's own file is a zip of fixed-width files; see docs/payments.md).
 */
export function unionpayBill(settleDate: string, orders: SandboxOrder[]): string {
  const day = (iso: string) => compactDate(iso).slice(4);
  const lines = [`#${UNIONPAY_BILL_COLUMNS.join('|')}`];
  for (const order of orders) {
    if (order.paidAt && day(order.paidAt) === settleDate) lines.push(['01', order.orderId, order.tradeNo, '', '', fenToString(order.amountFen), compactTime(new Date(order.paidAt)), settleDate].join('|'));
    for (const refund of order.refunds.filter((r) => day(r.at) === settleDate)) {
      lines.push(['04', refund.refundId, refund.tradeNo, order.tradeNo, order.orderId, fenToString(refund.amountFen), compactTime(new Date(refund.at)), settleDate].join('|'));
    }
  }
  return `${lines.join('\n')}\n`;
}
