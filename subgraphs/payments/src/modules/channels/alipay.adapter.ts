/**
 * Alipay (支付宝) through its open platform, with Alipay's own Node SDK (`alipay-sdk`) signing requests (RSA2) and
 * checking answers and notifications:
 * - phones pay with `alipay.trade.wap.pay`, desktops with `alipay.trade.page.pay` (a signed GET to the gateway);
 * - the asynchronous notification is believed only when its signature verifies and its `app_id`, `seller_id`,
 *   `out_trade_no` and `total_amount` are this merchant's and this order's; the answer is `success` (or `fail`,
 *   and Alipay sends it again over about 25 hours: 4m, 10m, 10m, 1h, 2h, 6h, 15h);
 * - `alipay.trade.query` when no notification arrived, `alipay.trade.refund` (confirmed with
 *   `alipay.trade.fastpay.refund.query` when Alipay answers that no money moved), and the daily bill through
 *   `alipay.data.dataservice.bill.downloadurl.query` (`bill_type` trade).
 */
import { createPrivateKey } from 'node:crypto';
import { AlipayRequestError, AlipaySdk, type AlipaySdkCommonResult } from 'alipay-sdk';
import { parse as parseCsv } from 'csv-parse/sync';
import JSZip from 'jszip';
import { dashedTime, parseDashedTime } from './beijing-time.ts';
import type { AlipayConfig } from './channel.config.ts';
import {
  ChannelError,
  checkPaymentRequest,
  refuse,
  type BillRow,
  type ChannelOrder,
  type NotificationAnswer,
  type NotificationContext,
  type NotificationOutcome,
  type PaymentChannel,
  type PaymentRedirect,
  type PaymentRequest,
  type QueryResult,
  type RawNotification,
  type RefundOutcome,
  type RefundRequest,
} from './channel.ts';
import { parseForm } from './form.ts';
import { fenToYuan, yuanToFen } from './money.ts';

const TRADE_STATUS = { WAIT_BUYER_PAY: 'PENDING', TRADE_SUCCESS: 'PAID', TRADE_FINISHED: 'PAID', TRADE_CLOSED: 'CLOSED' } as const;

/** Alipay's answer codes: 10000 done, 20000 service busy (try again), 40004 business refusal. */
const SUCCESS = '10000';
const BUSY = '20000';

/** The bill columns this adapter reads (业务明细 of `bill_type` trade). */
export const ALIPAY_BILL_COLUMNS = { tradeNo: '支付宝交易号', orderId: '商户订单号', kind: '业务类型', finishedAt: '完成时间', amount: '订单金额（元）', refundId: '退款批次号/请求号' } as const;

export class AlipayChannel implements PaymentChannel {
  readonly code = 'ALIPAY';
  readonly name = '支付宝';
  readonly capabilities = { refund: true };
  private readonly sdk: AlipaySdk;

  constructor(private readonly config: AlipayConfig) {
    this.sdk = new AlipaySdk({
      appId: config.appId,
      // The SDK takes the PKCS#8 form; keys issued by Alipay's tool are often PKCS#1.
      privateKey: createPrivateKey(config.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
      keyType: 'PKCS8',
      alipayPublicKey: config.alipayPublicKey,
      gateway: config.gatewayUrl,
      timeout: config.timeoutMs,
      signType: 'RSA2',
      camelcase: false,
    });
  }

  createPayment(request: PaymentRequest): PaymentRedirect {
    checkPaymentRequest(request);
    const mobile = request.device === 'mobile';
    const url = this.sdk.pageExecute(mobile ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay', 'GET', {
      bizContent: {
        out_trade_no: request.orderId,
        total_amount: fenToYuan(request.amountFen),
        subject: request.subject,
        product_code: mobile ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
        ...(request.expiresAt ? { time_expire: dashedTime(request.expiresAt) } : {}),
        ...(mobile ? { quit_url: request.returnUrl } : {}),
      },
      notifyUrl: request.notifyUrl,
      returnUrl: request.returnUrl,
      // Alipay reads the timestamp as Beijing time; the SDK would write the server's local time.
      timestamp: dashedTime(new Date()),
    });
    return { method: 'GET', url, fields: {} };
  }

  async parseNotification(raw: RawNotification, context: NotificationContext): Promise<NotificationOutcome> {
    const fields = parseForm(raw.body);
    if (!fields?.sign) return refuse('NOTIFICATION_MALFORMED', '通知不是带签名的表单');
    if (!this.sdk.checkNotifySignV2(fields)) return refuse('NOTIFICATION_SIGNATURE_INVALID', '通知签名验证失败');
    if (fields.app_id !== this.config.appId) return refuse('NOTIFICATION_MERCHANT_MISMATCH', `通知的 app_id ${fields.app_id ?? '(无)'} 不是本应用`);
    if (fields.seller_id !== this.config.sellerId) return refuse('NOTIFICATION_MERCHANT_MISMATCH', `通知的 seller_id ${fields.seller_id ?? '(无)'} 不是本商户`);
    for (const name of ['out_trade_no', 'trade_no', 'total_amount', 'trade_status', 'notify_id']) {
      if (!fields[name]) return refuse('NOTIFICATION_MALFORMED', `通知缺少 ${name}`);
    }
    const status = TRADE_STATUS[fields.trade_status as keyof typeof TRADE_STATUS];
    if (!status) return refuse('NOTIFICATION_MALFORMED', `未知的 trade_status ${fields.trade_status}`);
    let amountFen: number;
    let refundedFen: number | undefined;
    try {
      amountFen = yuanToFen(fields.total_amount);
      refundedFen = fields.refund_fee ? yuanToFen(fields.refund_fee) : undefined;
    } catch {
      return refuse('NOTIFICATION_MALFORMED', `通知金额 ${fields.total_amount} 格式错误`);
    }
    const expected = await context.findOrder(fields.out_trade_no);
    if (!expected) return refuse('NOTIFICATION_ORDER_UNKNOWN', `没有订单 ${fields.out_trade_no}`);
    if (expected.amountFen !== amountFen) return refuse('NOTIFICATION_AMOUNT_MISMATCH', `通知金额 ${fields.total_amount} 元与订单金额 ${fenToYuan(expected.amountFen)} 元不符`);
    // A refund changes the trade too: Alipay then names the refund request (out_biz_no) and the refunded total.
    const refund = Boolean(fields.gmt_refund || (refundedFen && refundedFen > 0));
    return {
      ok: true,
      notification: {
        channel: this.code,
        kind: refund ? 'REFUND' : 'PAYMENT',
        orderId: fields.out_trade_no,
        refundId: refund ? fields.out_biz_no : undefined,
        channelTradeNo: fields.trade_no,
        amountFen,
        status: refund ? 'REFUNDED' : status,
        paidAt: fields.gmt_payment ? parseDashedTime(fields.gmt_payment) : undefined,
        refundedFen,
        deliveryId: fields.notify_id,
        fields,
      },
    };
  }

  notificationAnswer(accepted: boolean): NotificationAnswer {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: accepted ? 'success' : 'fail' };
  }

  async query(order: ChannelOrder): Promise<QueryResult> {
    const answer = await this.call('alipay.trade.query', { out_trade_no: order.orderId });
    if (answer.code !== SUCCESS) {
      if (answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'NOT_FOUND', fields: stringFields(answer) };
      throw refusedCall('alipay.trade.query', answer);
    }
    const status = TRADE_STATUS[answer.trade_status as keyof typeof TRADE_STATUS];
    if (!status || answer.out_trade_no !== order.orderId) throw new ChannelError('CHANNEL_RESPONSE_INVALID', `alipay.trade.query answered ${JSON.stringify(answer).slice(0, 200)}`);
    return {
      status,
      channelTradeNo: answer.trade_no,
      amountFen: amountOf(answer.total_amount, 'alipay.trade.query'),
      paidAt: answer.send_pay_date ? parseDashedTime(answer.send_pay_date) : undefined,
      fields: stringFields(answer),
    };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    const answer = await this.call('alipay.trade.refund', {
      out_trade_no: request.order.orderId,
      refund_amount: fenToYuan(request.amountFen),
      out_request_no: request.refundId,
      refund_reason: request.reason,
    });
    if (answer.code !== SUCCESS) {
      if (answer.code === BUSY || answer.sub_code === 'ACQ.SYSTEM_ERROR') throw new ChannelError('CHANNEL_UNAVAILABLE', `alipay.trade.refund: ${answer.sub_msg ?? answer.msg}; ask again with the same refund number`);
      return { status: 'REFUSED', code: String(answer.sub_code ?? answer.code), message: String(answer.sub_msg ?? answer.msg), fields: stringFields(answer) };
    }
    if (answer.fund_change === 'Y') return { status: 'SUCCEEDED', refundedFen: amountOf(answer.refund_fee, 'alipay.trade.refund'), channelRefundNo: request.refundId, fields: stringFields(answer) };
    // No money moved this time: a repeated request, or one still in progress. Alipay asks to confirm by querying.
    const check = await this.call('alipay.trade.fastpay.refund.query', { out_trade_no: request.order.orderId, out_request_no: request.refundId });
    if (check.code === SUCCESS && check.refund_status === 'REFUND_SUCCESS') {
      return { status: 'SUCCEEDED', refundedFen: amountOf(answer.refund_fee, 'alipay.trade.refund'), channelRefundNo: request.refundId, fields: stringFields(check) };
    }
    return { status: 'PROCESSING', channelRefundNo: request.refundId, fields: stringFields(check) };
  }

  async downloadBill(date: string): Promise<Buffer> {
    const answer = await this.call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: date });
    if (answer.code !== SUCCESS || typeof answer.bill_download_url !== 'string') throw refusedCall('alipay.data.dataservice.bill.downloadurl.query', answer);
    let response: Response;
    try {
      response = await fetch(answer.bill_download_url, { signal: AbortSignal.timeout(this.config.timeoutMs) });
    } catch (error) {
      throw new ChannelError('CHANNEL_UNAVAILABLE', `the bill of ${date} could not be downloaded (${(error as Error).message})`);
    }
    if (!response.ok) throw new ChannelError(response.status >= 500 ? 'CHANNEL_UNAVAILABLE' : 'CHANNEL_REJECTED', `the bill of ${date} answered HTTP ${response.status}`);
    return detailFile(Buffer.from(await response.arrayBuffer()), date);
  }

  parseBill(file: Buffer): BillRow[] {
    const text = decodeBill(file);
    const lines = text.split(/\r?\n/).map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() && !line.startsWith('#'));
    if (!lines.length) return [];
    const records = parseCsv(lines.map(({ line }) => line).join('\n'), { relax_column_count: true, trim: true }) as string[][];
    const header = records[0];
    const column = Object.fromEntries(Object.entries(ALIPAY_BILL_COLUMNS).map(([key, name]) => [key, header.indexOf(name)])) as Record<keyof typeof ALIPAY_BILL_COLUMNS, number>;
    const missing = Object.entries(column).filter(([, at]) => at < 0).map(([key]) => ALIPAY_BILL_COLUMNS[key as keyof typeof ALIPAY_BILL_COLUMNS]);
    if (missing.length) throw new ChannelError('BILL_INVALID', `the Alipay bill has no column ${missing.join(', ')}`);
    return records.slice(1).map((record, index) => {
      const lineNumber = lines[index + 1].number;
      const cell = (key: keyof typeof ALIPAY_BILL_COLUMNS) => (record[column[key]] ?? '').trim();
      const kind = cell('kind') === '交易' ? 'PAYMENT' : cell('kind') === '退款' ? 'REFUND' : undefined;
      const at = parseDashedTime(cell('finishedAt'));
      let amountFen: number;
      try {
        amountFen = yuanToFen(cell('amount').replace(/^-/, ''));
      } catch {
        throw new ChannelError('BILL_INVALID', `line ${lineNumber} of the Alipay bill: amount "${cell('amount')}"`);
      }
      if (!kind || !at || !cell('orderId') || !cell('tradeNo')) throw new ChannelError('BILL_INVALID', `line ${lineNumber} of the Alipay bill cannot be read`);
      return { kind, orderId: cell('orderId'), refundId: kind === 'REFUND' ? cell('refundId') || undefined : undefined, channelTradeNo: cell('tradeNo'), amountFen, at };
    });
  }

  /** Calls an Alipay method with a verified answer; transport and signature problems become `ChannelError`s. */
  private async call(method: string, bizContent: Record<string, string>): Promise<AlipaySdkCommonResult> {
    try {
      return await this.sdk.exec(method, { bizContent, timestamp: dashedTime(new Date()) }, { validateSign: true });
    } catch (error) {
      if (!(error instanceof AlipayRequestError)) throw error;
      const raw = error.responseDataRaw ?? '';
      const status = /status: (\d+)/.exec(error.message)?.[1];
      if (error.message.startsWith('HttpClient Request error') || (status && Number(status) >= 500)) throw new ChannelError('CHANNEL_UNAVAILABLE', `${method}: ${error.message}`);
      if (raw.includes('"error_response"')) {
        const refusal = safeJson(raw)?.error_response as Record<string, string> | undefined;
        throw new ChannelError('CHANNEL_REJECTED', `${method}: ${refusal?.sub_msg ?? refusal?.msg ?? raw.slice(0, 200)}`, { code: refusal?.sub_code ?? refusal?.code });
      }
      throw new ChannelError('CHANNEL_RESPONSE_INVALID', `${method}: ${error.message.slice(0, 300)}`);
    }
  }
}

function refusedCall(method: string, answer: AlipaySdkCommonResult): ChannelError {
  if (answer.code === BUSY) return new ChannelError('CHANNEL_UNAVAILABLE', `${method}: ${answer.sub_msg ?? answer.msg}`);
  return new ChannelError('CHANNEL_REJECTED', `${method}: ${answer.sub_msg ?? answer.msg}`, { code: answer.sub_code ?? answer.code });
}

function amountOf(yuan: unknown, method: string): number {
  try {
    return yuanToFen(String(yuan));
  } catch {
    throw new ChannelError('CHANNEL_RESPONSE_INVALID', `${method} answered the amount ${JSON.stringify(yuan)}`);
  }
}

function stringFields(answer: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(answer).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Alipay's bill is a zip of CSV files: the detail (业务明细) and its summary (业务明细(汇总)). Returns the detail. */
async function detailFile(download: Buffer, date: string): Promise<Buffer> {
  if (download.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return download;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(download);
  } catch {
    throw new ChannelError('BILL_INVALID', `the bill of ${date} is not a readable zip`);
  }
  const detail = Object.values(zip.files).find((entry) => !entry.dir && entry.name.endsWith('_业务明细.csv'));
  if (!detail) throw new ChannelError('BILL_INVALID', `the bill of ${date} holds no 业务明细 file (${Object.keys(zip.files).join(', ')})`);
  return detail.async('nodebuffer');
}

/** Alipay's bill files are GBK; UTF-8 is read too. */
function decodeBill(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gbk').decode(file);
  }
}
