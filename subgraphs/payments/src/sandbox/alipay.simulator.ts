/**
 * The sandbox's Alipay gateway (`/alipay/gateway.do`): checks the merchant's RSA2 signature and app, opens the order
 * for `alipay.trade.wap.pay` / `alipay.trade.page.pay` and shows the sandbox page; answers `alipay.trade.query`,
 * `alipay.trade.refund`, `alipay.trade.fastpay.refund.query` and `alipay.data.dataservice.bill.downloadurl.query`
 * with signed JSON; sends `trade_status_sync` notifications until the merchant answers `success`, on Alipay's
 * schedule (4m, 10m, 10m, 1h, 2h, 6h, 15h). The daily bill is one CSV (Alipay's own is a zip of GBK CSVs).
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { dashedTime, isCalendarDate, parseDashedTime } from '../modules/channels/beijing-time.ts';
import { notificationSignString, requestSignString, rsa2Sign, rsa2Verify, signedResponse } from '../modules/channels/alipay.protocol.ts';
import { encodeForm } from '../modules/channels/form.ts';
import { fenToYuan, yuanToFen } from '../modules/channels/money.ts';
import { sendErrorPage } from './checkout.ts';
import { alipayTradeNo, digits, openOrder, refundedFen, type ChannelSimulator, type SandboxContext } from './simulator.ts';
import { newId, type SandboxOrder } from './store.ts';

const MINUTE = 60_000;
const PAGE_METHODS = ['alipay.trade.wap.pay', 'alipay.trade.page.pay'];

export function alipaySimulator(context: SandboxContext): ChannelSimulator {
  const { store, notifier } = context;
  const credentials = context.credentials.alipay;
  const merchantKey = createPublicKey(credentials.appPublicKey);
  const alipayKey = createPrivateKey(credentials.alipayPrivateKey);
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '256kb' }));

  const notificationFields = (order: SandboxOrder, extra: Record<string, string>): Record<string, string> => ({
    notify_type: 'trade_status_sync',
    notify_id: `${newId()}${digits(8)}`,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    app_id: credentials.appId,
    auth_app_id: credentials.appId,
    seller_id: credentials.sellerId,
    buyer_id: '2088102177846880',
    out_trade_no: order.orderId,
    trade_no: order.tradeNo,
    subject: order.subject,
    total_amount: fenToYuan(order.amountFen),
    receipt_amount: fenToYuan(order.amountFen),
    buyer_pay_amount: fenToYuan(order.amountFen),
    invoice_amount: fenToYuan(order.amountFen),
    gmt_create: dashedTime(new Date(order.createdAt)),
    ...(order.paidAt ? { gmt_payment: dashedTime(new Date(order.paidAt)) } : {}),
    ...extra,
  });

  router.all('/gateway.do', (req: Request, res: Response) => {
    const params: Record<string, string> = {};
    for (const source of [req.query, req.body ?? {}]) {
      for (const [key, value] of Object.entries(source as Record<string, unknown>)) if (typeof value === 'string') params[key] = value;
    }
    const method = params.method ?? '';
    const page = PAGE_METHODS.includes(method);
    const fail = (subCode: string, subMsg: string, code = '40002', msg = 'Invalid Arguments') => {
      if (page) return sendErrorPage(res, 400, subCode, subMsg);
      res.type('application/json;charset=utf-8').send(JSON.stringify({ error_response: { code, msg, sub_code: subCode, sub_msg: subMsg } }));
    };
    if (params.app_id !== credentials.appId) return fail('isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2') return fail('isv.invalid-signature-type', '无效的签名类型');
    if (!params.sign || !rsa2Verify(requestSignString(params), params.sign, merchantKey)) return fail('isv.invalid-signature', `验签出错，网关生成的验签字符串为：${requestSignString(params)}`);
    let biz: Record<string, string>;
    try {
      biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    } catch {
      return fail('isv.invalid-parameter', 'biz_content 不是 JSON');
    }
    const answer = (payload: Record<string, unknown>) => res.type('application/json;charset=utf-8').send(signedResponse(method, payload, alipayKey));
    const refuse = (subCode: string, subMsg: string) => answer({ code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });

    if (page) {
      let amountFen: number;
      try {
        amountFen = yuanToFen(biz.total_amount);
      } catch {
        return fail('isv.invalid-parameter', `total_amount ${biz.total_amount} 格式错误`);
      }
      if (!biz.out_trade_no || !biz.subject || !params.notify_url || !params.return_url) return fail('isv.missing-parameter', '缺少 out_trade_no、subject、notify_url 或 return_url');
      const expiresAt = biz.time_expire ? parseDashedTime(biz.time_expire) : undefined;
      const order = openOrder(
        store,
        { channel: 'ALIPAY', orderId: biz.out_trade_no, amountFen, subject: biz.subject, notifyUrl: params.notify_url, returnUrl: params.return_url, expiresAt: expiresAt?.toISOString(), extra: { method } },
        alipayTradeNo,
      );
      if (order === 'AMOUNT_CHANGED') return sendErrorPage(res, 400, 'ACQ.TRADE_INFO_INCONSISTENT', '交易信息被篡改：同一订单号的金额不同');
      return res.redirect(303, `/sandbox/checkout/${order.checkoutId}`);
    }

    if (method === 'alipay.trade.query') {
      const order = biz.out_trade_no ? store.order('ALIPAY', biz.out_trade_no) : biz.trade_no ? store.byTradeNo('ALIPAY', biz.trade_no) : undefined;
      if (!order) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const fullyRefunded = order.state === 'PAID' && refundedFen(order) >= order.amountFen;
      return answer({
        code: '10000',
        msg: 'Success',
        trade_no: order.tradeNo,
        out_trade_no: order.orderId,
        buyer_logon_id: 'san***@sandbox.com',
        trade_status: order.state === 'WAITING' ? 'WAIT_BUYER_PAY' : order.state === 'PAID' && !fullyRefunded ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
        total_amount: fenToYuan(order.amountFen),
        ...(order.paidAt ? { send_pay_date: dashedTime(new Date(order.paidAt)) } : {}),
      });
    }

    if (method === 'alipay.trade.refund') {
      const order = biz.out_trade_no ? store.order('ALIPAY', biz.out_trade_no) : biz.trade_no ? store.byTradeNo('ALIPAY', biz.trade_no) : undefined;
      if (!order) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
      if (order.state !== 'PAID') return refuse('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      const requestNo = biz.out_request_no || order.tradeNo;
      const earlier = order.refunds.find((refund) => refund.refundId === requestNo);
      const base = { code: '10000', msg: 'Success', trade_no: order.tradeNo, out_trade_no: order.orderId, buyer_logon_id: 'san***@sandbox.com' };
      if (earlier) return answer({ ...base, fund_change: 'N', refund_fee: fenToYuan(refundedFen(order)) });
      let amountFen: number;
      try {
        amountFen = yuanToFen(biz.refund_amount);
      } catch {
        return refuse('ACQ.REFUND_AMT_RESTRICTION', `refund_amount ${biz.refund_amount} 格式错误`);
      }
      if (amountFen <= 0 || refundedFen(order) + amountFen > order.amountFen) return refuse('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      const now = new Date();
      order.refunds.push({ refundId: requestNo, amountFen, at: now.toISOString(), tradeNo: order.tradeNo });
      store.saveOrder(order);
      const full = refundedFen(order) >= order.amountFen;
      notifier.notify(order, 'REFUND', notificationFields(order, {
        trade_status: full ? 'TRADE_CLOSED' : 'TRADE_SUCCESS',
        refund_fee: fenToYuan(refundedFen(order)),
        out_biz_no: requestNo,
        gmt_refund: dashedTime(now),
        ...(full ? { gmt_close: dashedTime(now) } : {}),
      }));
      return answer({ ...base, fund_change: 'Y', refund_fee: fenToYuan(refundedFen(order)), gmt_refund_pay: dashedTime(now) });
    }

    if (method === 'alipay.trade.fastpay.refund.query') {
      const order = biz.out_trade_no ? store.order('ALIPAY', biz.out_trade_no) : undefined;
      if (!order) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const refund = order.refunds.find((r) => r.refundId === (biz.out_request_no || order.tradeNo));
      if (!refund) return answer({ code: '10000', msg: 'Success' });
      return answer({ code: '10000', msg: 'Success', trade_no: order.tradeNo, out_trade_no: order.orderId, out_request_no: refund.refundId, total_amount: fenToYuan(order.amountFen), refund_amount: fenToYuan(refund.amountFen), refund_status: 'REFUND_SUCCESS', gmt_refund_pay: dashedTime(new Date(refund.at)) });
    }

    if (method === 'alipay.data.dataservice.bill.downloadurl.query') {
      if (biz.bill_type !== 'trade' || !isCalendarDate(biz.bill_date ?? '')) return refuse('isv.invalid-parameter', 'bill_type 须为 trade，bill_date 须为 yyyy-MM-dd');
      return answer({ code: '10000', msg: 'Success', bill_download_url: `${context.publicUrl()}/alipay/bills/${biz.bill_date}.csv.zip` });
    }

    return fail('isv.invalid-method', `不存在的方法名 ${method}`, '40002');
  });

  router.get('/bills/:date.csv.zip', async (req: Request, res: Response) => {
    const date = String(req.params.date);
    if (!isCalendarDate(date)) return void res.status(404).send('no such bill');
    const { detail, summary } = alipayBill(date, [...store.orders.values()].filter((order) => order.channel === 'ALIPAY'), credentials.sellerId);
    // As Alipay ships it: a zip of two GBK-encoded CSV files.
    const name = `${credentials.sellerId}0156_${date.replaceAll('-', '')}`;
    const zip = new JSZip();
    zip.file(`${name}_业务明细.csv`, iconv.encode(detail, 'gbk'));
    zip.file(`${name}_业务明细(汇总).csv`, iconv.encode(summary, 'gbk'));
    res.type('application/zip').send(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  });

  return {
    code: 'ALIPAY',
    name: '支付宝',
    merchantId: credentials.appId,
    router,
    protocol: {
      retrySchedule: [0, 4 * MINUTE, 10 * MINUTE, 10 * MINUTE, 60 * MINUTE, 120 * MINUTE, 360 * MINUTE, 900 * MINUTE],
      encode(fields, badSignature) {
        const sent = { ...fields, notify_time: dashedTime(new Date()) };
        const sign = rsa2Sign(notificationSignString(sent), alipayKey);
        return encodeForm({ ...sent, sign: badSignature ? corrupt(sign) : sign });
      },
      accepted: (status, body) => status === 200 && body.trim() === 'success',
    },
    paid(order, res) {
      notifier.notify(order, 'PAYMENT', notificationFields(order, { trade_status: 'TRADE_SUCCESS' }));
      // The browser goes back with the synchronous return parameters, signed like a notification.
      const back: Record<string, string> = {
        charset: 'utf-8',
        out_trade_no: order.orderId,
        method: `${order.extra.method}.return`,
        total_amount: fenToYuan(order.amountFen),
        trade_no: order.tradeNo,
        auth_app_id: credentials.appId,
        version: '1.0',
        app_id: credentials.appId,
        sign_type: 'RSA2',
        seller_id: credentials.sellerId,
        timestamp: dashedTime(new Date()),
      };
      back.sign = rsa2Sign(notificationSignString(back), alipayKey);
      res.redirect(303, withQuery(order.returnUrl, back));
    },
    cancelled(order, res) {
      notifier.notify(order, 'CLOSE', notificationFields(order, { trade_status: 'TRADE_CLOSED', gmt_close: dashedTime(new Date()) }));
      res.redirect(303, order.returnUrl);
    },
  };
}

function withQuery(url: string, fields: Record<string, string>): string {
  return `${url}${url.includes('?') ? '&' : '?'}${encodeForm(fields)}`;
}

/** A signature that no longer verifies, of the same length and alphabet (hex read in either case, or base64). */
export function corrupt(signature: string): string {
  const at = Math.floor(signature.length / 2);
  const swapped = signature[at].toLowerCase() === 'a' ? 'b' : 'a';
  return `${signature.slice(0, at)}${swapped}${signature.slice(at + 1)}`;
}

const csv = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The trade bill (业务明细) of one day, in the column layout of Alipay's `bill_type` trade, and its summary. */
export function alipayBill(date: string, orders: SandboxOrder[], account: string): { detail: string; summary: string } {
  const header = ['支付宝交易号', '商户订单号', '业务类型', '商品名称', '创建时间', '完成时间', '门店编号', '门店名称', '操作员', '终端号', '对方账户', '订单金额（元）', '商家实收（元）', '支付宝红包（元）', '集分宝（元）', '支付宝优惠（元）', '商家优惠（元）', '券核销金额（元）', '券名称', '商家红包消费金额（元）', '卡消费金额（元）', '退款批次号/请求号', '服务费（元）', '分润（元）', '备注'];
  const rows: string[][] = [];
  const day = (iso: string) => dashedTime(new Date(iso)).slice(0, 10);
  for (const order of orders) {
    const created = dashedTime(new Date(order.createdAt));
    if (order.paidAt && day(order.paidAt) === date) {
      const amount = fenToYuan(order.amountFen);
      rows.push([order.tradeNo, order.orderId, '交易', order.subject, created, dashedTime(new Date(order.paidAt)), '', '', '', '', 'san***@sandbox.com', amount, amount, '0.00', '0.00', '0.00', '0.00', '0.00', '', '0.00', '0.00', '', '0.00', '0.00', '']);
    }
    for (const refund of order.refunds.filter((r) => day(r.at) === date)) {
      const amount = `-${fenToYuan(refund.amountFen)}`;
      rows.push([order.tradeNo, order.orderId, '退款', order.subject, created, dashedTime(new Date(refund.at)), '', '', '', '', 'san***@sandbox.com', amount, amount, '0.00', '0.00', '0.00', '0.00', '0.00', '', '0.00', '0.00', refund.refundId, '0.00', '0.00', '']);
    }
  }
  const payments = rows.filter((row) => row[2] === '交易');
  const refunds = rows.filter((row) => row[2] === '退款');
  const total = (list: string[][]) => fenToYuan(list.reduce((sum, row) => sum + yuanToFen(row[11].replace('-', '')), 0));
  const banner = (title: string) => ['#支付宝业务明细查询', `#账号：[${account}]`, `#起始日期：[${date} 00:00:00]   终止日期：[${date} 23:59:59]`, `#-----------------------------------------${title}----------------------------------------`];
  const footer = [`#交易合计：${payments.length}笔，退款合计：${refunds.length}笔`, `#导出时间：[${dashedTime(new Date())}]`, ''];
  return {
    detail: [...banner('业务明细列表'), header.join(','), ...rows.map((row) => row.map(csv).join(',')), '#-----------------------------------------业务明细列表结束------------------------------------', ...footer].join('\r\n'),
    summary: [...banner('业务明细汇总'), '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）', `合计,,${payments.length},${refunds.length},${total(payments)},${total(payments)}`, '#-----------------------------------------业务明细汇总结束------------------------------------', ...footer].join('\r\n'),
  };
}
