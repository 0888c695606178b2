/**
 * UnionPay (银联) 全渠道 online gateway, version 5.1.0, certificate signatures (`signMethod` 01, see
 * unionpay.protocol.ts):
 * - payment: a browser form POST to `frontTransReq.do` (txnType 01, bizType 000201, channelType 07 desktop / 08
 *   mobile, amounts in fen, `txnTime` the order's creation in Beijing time);
 * - back notification (后台通知) to `backUrl`: believed only when `signPubKeyCert` chains to UnionPay's root and middle
 *   certificates and names UnionPay, the signature verifies, and `merId`, `orderId` and `txnAmt` are this merchant's
 *   and this order's; HTTP 200 ends UnionPay's retries (it sends up to five times);
 * - `queryTrans.do` (txnType 00) for results that did not arrive: `respCode` 00 and `origRespCode` 00 is paid,
 *   03/04/05 still in progress (ask again), 34 no such order;
 * - refund (退货, txnType 04) through `backTransReq.do`, answered "accepted" and settled by a back notification;
 * - the daily settlement file through the file transfer request (txnType 76).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { compactTime, parseCompactTime } from './beijing-time.ts';
import type { UnionPayConfig } from './channel.config.ts';
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
import { parseForm, postForm } from './form.ts';
import { fenFromString, fenToString } from './money.ts';
import { ACP_VERSION, certId, parseAnswer, sign, trustSignerCertificate, verify } from './unionpay.protocol.ts';

const IN_PROGRESS = ['03', '04', '05'];
const NOT_FOUND = '34';

/** The columns of a bill line (assumed format, see docs/payments.md), `|`-separated. */
export const UNIONPAY_BILL_COLUMNS = ['txnType', 'orderId', 'queryId', 'origQryId', 'origOrderId', 'txnAmt', 'txnTime', 'settleDate'] as const;

export class UnionPayChannel implements PaymentChannel {
  readonly code = 'UNIONPAY';
  readonly name = '银联支付';
  readonly capabilities = { refund: true };
  private readonly signKey: KeyObject;
  private readonly certId: string;
  private readonly root: X509Certificate;
  private readonly middle: X509Certificate;

  constructor(private readonly config: UnionPayConfig) {
    this.signKey = createPrivateKey(config.signKey);
    this.certId = certId(config.signCert);
    this.root = new X509Certificate(config.rootCert);
    this.middle = new X509Certificate(config.middleCert);
  }

  createPayment(request: PaymentRequest): PaymentRedirect {
    checkPaymentRequest(request);
    const fields = this.signed({
      txnType: '01',
      txnSubType: '01',
      bizType: '000201',
      channelType: request.device === 'mobile' ? '08' : '07',
      accessType: '0',
      orderId: request.orderId,
      txnTime: compactTime(request.createdAt),
      txnAmt: fenToString(request.amountFen),
      currencyCode: '156',
      frontUrl: request.returnUrl,
      backUrl: request.notifyUrl,
      ...(request.expiresAt ? { payTimeout: compactTime(request.expiresAt) } : {}),
      riskRateInfo: `{commodityName=${request.subject.replace(/[{}=&]/g, ' ')}}`,
    });
    return { method: 'POST', url: this.config.frontTransUrl, fields };
  }

  async parseNotification(raw: RawNotification, context: NotificationContext): Promise<NotificationOutcome> {
    const fields = parseForm(raw.body);
    if (!fields?.signature || !fields.signPubKeyCert) return refuse('NOTIFICATION_MALFORMED', '通知不是带签名和证书的表单');
    const problem = this.checkSignature(fields);
    if (problem) return refuse('NOTIFICATION_SIGNATURE_INVALID', problem);
    if (fields.merId !== this.config.merId) return refuse('NOTIFICATION_MERCHANT_MISMATCH', `通知的 merId ${fields.merId ?? '(无)'} 不是本商户`);
    for (const name of ['orderId', 'txnAmt', 'txnType', 'respCode', 'queryId']) {
      if (!fields[name]) return refuse('NOTIFICATION_MALFORMED', `通知缺少 ${name}`);
    }
    if (fields.txnType !== '01' && fields.txnType !== '04') return refuse('NOTIFICATION_MALFORMED', `不处理的交易类型 txnType ${fields.txnType}`);
    let amountFen: number;
    try {
      amountFen = fenFromString(fields.txnAmt);
    } catch {
      return refuse('NOTIFICATION_MALFORMED', `通知金额 ${fields.txnAmt} 格式错误`);
    }
    const refund = fields.txnType === '04';
    const expected = refund ? await context.findRefund(fields.orderId) : await context.findOrder(fields.orderId);
    if (!expected) return refuse('NOTIFICATION_ORDER_UNKNOWN', `没有${refund ? '退款' : '订单'} ${fields.orderId}`);
    if (expected.amountFen !== amountFen) return refuse('NOTIFICATION_AMOUNT_MISMATCH', `通知金额 ${amountFen} 分与${refund ? '退款' : '订单'}金额 ${expected.amountFen} 分不符`);
    const succeeded = fields.respCode === '00';
    return {
      ok: true,
      notification: {
        channel: this.code,
        kind: refund ? 'REFUND' : 'PAYMENT',
        orderId: refund ? undefined : fields.orderId,
        refundId: refund ? fields.orderId : undefined,
        channelTradeNo: refund ? (fields.origQryId ?? fields.queryId) : fields.queryId,
        amountFen,
        status: succeeded ? (refund ? 'REFUNDED' : 'PAID') : 'FAILED',
        paidAt: fields.traceTime ? parseTraceTime(fields.traceTime, fields.txnTime) : parseCompactTime(fields.txnTime ?? ''),
        deliveryId: `${fields.txnType}:${fields.queryId}`,
        fields,
      },
    };
  }

  notificationAnswer(accepted: boolean): NotificationAnswer {
    // UnionPay reads only the status: 200 (or 302) is received, anything else is sent again.
    return accepted ? { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok' } : { status: 400, contentType: 'text/plain; charset=utf-8', body: 'fail' };
  }

  async query(order: ChannelOrder): Promise<QueryResult> {
    const answer = await this.back(this.config.queryTransUrl, {
      txnType: '00',
      txnSubType: '00',
      bizType: '000000',
      accessType: '0',
      orderId: order.orderId,
      txnTime: compactTime(order.createdAt),
    });
    if (answer.respCode === NOT_FOUND) return { status: 'NOT_FOUND', fields: answer };
    if (IN_PROGRESS.includes(answer.respCode)) throw new ChannelError('CHANNEL_UNAVAILABLE', `UnionPay could not answer the query yet (${answer.respCode} ${answer.respMsg ?? ''}); ask again`);
    if (answer.respCode !== '00') throw new ChannelError('CHANNEL_REJECTED', `UnionPay refused the query: ${answer.respCode} ${answer.respMsg ?? ''}`, { code: answer.respCode });
    if (answer.orderId !== order.orderId) throw new ChannelError('CHANNEL_RESPONSE_INVALID', `UnionPay answered about order ${answer.orderId}`);
    const status = answer.origRespCode === '00' ? 'PAID' : IN_PROGRESS.includes(answer.origRespCode) ? 'PENDING' : 'FAILED';
    let amountFen: number | undefined;
    try {
      amountFen = answer.txnAmt ? fenFromString(answer.txnAmt) : undefined;
    } catch {
      throw new ChannelError('CHANNEL_RESPONSE_INVALID', `UnionPay answered the amount ${answer.txnAmt}`);
    }
    return { status, channelTradeNo: answer.queryId, amountFen, paidAt: status === 'PAID' ? parseTraceTime(answer.traceTime ?? '', answer.txnTime) : undefined, fields: answer };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    if (!request.notifyUrl) throw new ChannelError('PAYMENT_REQUEST_INVALID', 'a UnionPay refund needs notifyUrl: its result arrives as a back notification');
    const answer = await this.back(this.config.backTransUrl, {
      txnType: '04',
      txnSubType: '00',
      bizType: '000201',
      channelType: '07',
      accessType: '0',
      orderId: request.refundId,
      origQryId: request.order.channelTradeNo,
      txnTime: compactTime(request.requestedAt),
      txnAmt: fenToString(request.amountFen),
      currencyCode: '156',
      backUrl: request.notifyUrl,
    });
    if (answer.respCode === '00') return { status: 'PROCESSING', channelRefundNo: answer.queryId, fields: answer };
    if (IN_PROGRESS.includes(answer.respCode)) throw new ChannelError('CHANNEL_UNAVAILABLE', `UnionPay has not answered the refund yet (${answer.respCode}); query ${request.refundId} before asking again`);
    return { status: 'REFUSED', code: answer.respCode, message: answer.respMsg ?? '', fields: answer };
  }

  async downloadBill(date: string): Promise<Buffer> {
    const answer = await this.back(this.config.fileTransUrl, {
      txnType: '76',
      txnSubType: '01',
      bizType: '000000',
      accessType: '0',
      settleDate: date.slice(5, 7) + date.slice(8, 10),
      txnTime: compactTime(new Date()),
      fileType: '00',
    });
    if (answer.respCode !== '00' || !answer.fileContent) throw new ChannelError('CHANNEL_REJECTED', `UnionPay did not give the file of ${date}: ${answer.respCode} ${answer.respMsg ?? ''}`, { code: answer.respCode });
    try {
      return inflateSync(Buffer.from(answer.fileContent, 'base64'));
    } catch {
      throw new ChannelError('CHANNEL_RESPONSE_INVALID', `UnionPay's file of ${date} does not inflate`);
    }
  }

  parseBill(file: Buffer): BillRow[] {
    const rows: BillRow[] = [];
    file
      .toString('utf8')
      .split(/\r?\n/)
      .forEach((line, index) => {
        if (!line.trim() || line.startsWith('#')) return;
        const cells = line.split('|').map((cell) => cell.trim());
        const row = Object.fromEntries(UNIONPAY_BILL_COLUMNS.map((name, at) => [name, cells[at] ?? ''])) as Record<(typeof UNIONPAY_BILL_COLUMNS)[number], string>;
        const at = parseCompactTime(row.txnTime);
        const kind = row.txnType === '01' ? 'PAYMENT' : row.txnType === '04' ? 'REFUND' : undefined;
        let amountFen: number;
        try {
          amountFen = fenFromString(row.txnAmt);
        } catch {
          throw new ChannelError('BILL_INVALID', `line ${index + 1} of the UnionPay file: amount "${row.txnAmt}"`);
        }
        if (cells.length !== UNIONPAY_BILL_COLUMNS.length || !kind || !at || !row.orderId || !row.queryId) throw new ChannelError('BILL_INVALID', `line ${index + 1} of the UnionPay file cannot be read`);
        rows.push(
          kind === 'PAYMENT'
            ? { kind, orderId: row.orderId, channelTradeNo: row.queryId, amountFen, at }
            : { kind, orderId: row.origOrderId, refundId: row.orderId, channelTradeNo: row.origQryId, amountFen, at },
        );
      });
    return rows;
  }

  /** Adds the common fields, `certId` and the signature. */
  private signed(fields: Record<string, string>): Record<string, string> {
    const all: Record<string, string> = { version: ACP_VERSION, encoding: 'UTF-8', signMethod: '01', merId: this.config.merId, certId: this.certId, ...fields };
    for (const key of Object.keys(all)) if (all[key] === '') delete all[key];
    return { ...all, signature: sign(all, this.signKey) };
  }

  /** Why a message from UnionPay is not believed, or undefined when it is. */
  private checkSignature(fields: Record<string, string>): string | undefined {
    if (fields.signMethod !== '01' || fields.version !== ACP_VERSION) return `不支持的签名方式 signMethod ${fields.signMethod} version ${fields.version}`;
    const signer = trustSignerCertificate(fields.signPubKeyCert ?? '', this.root, this.middle);
    if (typeof signer === 'string') return `签名证书不可信：${signer}`;
    return verify(fields, signer.publicKey) ? undefined : '签名验证失败';
  }

  /** A background request (query, refund, file) with a verified answer. */
  private async back(url: string, fields: Record<string, string>): Promise<Record<string, string>> {
    const text = await postForm(url, this.signed(fields), this.config.timeoutMs);
    const answer = parseAnswer(text);
    if (!answer?.respCode) throw new ChannelError('CHANNEL_RESPONSE_INVALID', `UnionPay answered ${text.slice(0, 200)}`);
    // Refusals of the request itself (format, signature) come back unsigned; signed ones must verify.
    if (answer.signature) {
      const problem = this.checkSignature(answer);
      if (problem) throw new ChannelError('CHANNEL_RESPONSE_INVALID', `UnionPay's answer is not believed: ${problem}`);
    } else if (answer.respCode === '00') {
      throw new ChannelError('CHANNEL_RESPONSE_INVALID', 'UnionPay answered success without a signature');
    }
    return answer;
  }
}

/** `traceTime` is MMddHHmmss; the year comes from the order's `txnTime`. */
function parseTraceTime(traceTime: string, txnTime: string | undefined): Date | undefined {
  if (!/^\d{10}$/.test(traceTime) || !txnTime) return parseCompactTime(txnTime ?? '');
  return parseCompactTime(`${txnTime.slice(0, 4)}${traceTime}`);
}
