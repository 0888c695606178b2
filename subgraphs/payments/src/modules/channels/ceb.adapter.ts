/**
 * 光大银行 (CEB) B2C online-banking gateway: payment (TransName IPER) and query (IQSR) as the bank's public traces
 * show them, with the parts that are not public marked as assumed in ceb.protocol.ts and docs/payments.md. Refunds
 * (退货) are not part of the public interface: they are made in the bank's merchant console, so `refund` says so.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { compactTime, parseCompactTime } from './beijing-time.ts';
import type { CebConfig } from './channel.config.ts';
import {
  ChannelError,
  checkPaymentRequest,
  refuse,
  type BillRow,
  type ChannelOrder,
  type ChannelPaymentStatus,
  type NotificationAnswer,
  type NotificationContext,
  type NotificationOutcome,
  type PaymentChannel,
  type PaymentRedirect,
  type PaymentRequest,
  type QueryResult,
  type RawNotification,
  type RefundOutcome,
} from './channel.ts';
import { parseForm, postForm } from './form.ts';
import { fenToYuan, yuanToFen } from './money.ts';
import { formatPlain, parsePlain, parseQueryAnswer, RESP_PAID, RESPONSE_OK, RESPONSE_ORDER_NOT_FOUND, sign, verify } from './ceb.protocol.ts';

/** The query's transStatus, from the bank's public traces. */
const TRANS_STATUS: Record<string, ChannelPaymentStatus> = { '00': 'PAID', '01': 'FAILED', '02': 'CLOSED', '03': 'PARTIALLY_REFUNDED', '04': 'REFUNDED', '99': 'CLOSED' };

/** Bill line columns (assumed format), `|`-separated; originalTransId ZF01 is a payment, ZF02 a refund (public). */
export const CEB_BILL_COLUMNS = ['originalTransId', 'orderId', 'transSeqNo', 'transAmt', 'transDateTime', 'clearingDate', 'refundId'] as const;

export class CebChannel implements PaymentChannel {
  readonly code = 'CEB';
  readonly name = '光大支付';
  readonly capabilities = { refund: false };
  private readonly privateKey: KeyObject;
  private readonly bankKey: KeyObject;

  constructor(private readonly config: CebConfig) {
    this.privateKey = createPrivateKey(config.privateKey);
    this.bankKey = createPublicKey(config.bankPublicKey);
  }

  createPayment(request: PaymentRequest): PaymentRedirect {
    checkPaymentRequest(request);
    let plain: string;
    try {
      plain = formatPlain([
        ['transId', 'IPER'],
        ['merchantId', this.config.merchantId],
        ['orderId', request.orderId],
        ['transAmt', fenToYuan(request.amountFen)],
        ['transDateTime', compactTime(request.createdAt)],
        ['currencyType', '001'],
        ['customerName', ''],
        ['productInfo', request.subject],
        ['customerEMail', ''],
        ['merURL', request.notifyUrl],
        ['merURL1', request.returnUrl],
        ['msgExt', ''],
      ]);
    } catch (error) {
      throw new ChannelError('PAYMENT_REQUEST_INVALID', (error as Error).message);
    }
    return { method: 'POST', url: this.config.payUrl, fields: { TransName: 'IPER', Plain: plain, Signature: sign(plain, this.privateKey) } };
  }

  async parseNotification(raw: RawNotification, context: NotificationContext): Promise<NotificationOutcome> {
    const form = parseForm(raw.body);
    if (!form?.Plain || !form.Signature) return refuse('NOTIFICATION_MALFORMED', '通知缺少 Plain 或 Signature');
    if (!verify(form.Plain, form.Signature, this.bankKey)) return refuse('NOTIFICATION_SIGNATURE_INVALID', '通知签名验证失败');
    const fields = parsePlain(form.Plain);
    if (!fields) return refuse('NOTIFICATION_MALFORMED', 'Plain 格式错误');
    if (fields.merchantId !== this.config.merchantId) return refuse('NOTIFICATION_MERCHANT_MISMATCH', `通知的商户号 ${fields.merchantId ?? '(无)'} 不是本商户`);
    for (const name of ['orderId', 'transAmt', 'transSeqNo']) {
      if (!fields[name]) return refuse('NOTIFICATION_MALFORMED', `通知缺少 ${name}`);
    }
    let amountFen: number;
    try {
      amountFen = yuanToFen(fields.transAmt);
    } catch {
      return refuse('NOTIFICATION_MALFORMED', `通知金额 ${fields.transAmt} 格式错误`);
    }
    const expected = await context.findOrder(fields.orderId);
    if (!expected) return refuse('NOTIFICATION_ORDER_UNKNOWN', `没有订单 ${fields.orderId}`);
    if (expected.amountFen !== amountFen) return refuse('NOTIFICATION_AMOUNT_MISMATCH', `通知金额 ${fields.transAmt} 元与订单金额 ${fenToYuan(expected.amountFen)} 元不符`);
    return {
      ok: true,
      notification: {
        channel: this.code,
        kind: 'PAYMENT',
        orderId: fields.orderId,
        channelTradeNo: fields.transSeqNo,
        amountFen,
        status: fields.respCode === RESP_PAID ? 'PAID' : 'FAILED',
        paidAt: parseCompactTime(fields.ppDateTime ?? '') ?? parseCompactTime(fields.transDateTime ?? ''),
        deliveryId: `${fields.transSeqNo}:${fields.respCode ?? ''}`,
        fields: { ...fields, Signature: form.Signature },
      },
    };
  }

  notificationAnswer(accepted: boolean): NotificationAnswer {
    return accepted ? { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' } : { status: 400, contentType: 'text/plain; charset=utf-8', body: 'fail' };
  }

  async query(order: ChannelOrder): Promise<QueryResult> {
    const plain = formatPlain([
      ['transId', 'IQSR'],
      ['merchantId', this.config.merchantId],
      ['originalorderId', order.orderId],
      ['originalTransAmt', fenToYuan(order.amountFen)],
      ['originalTransDateTime', compactTime(order.createdAt)],
    ]);
    const text = await postForm(this.config.queryUrl, { TransName: 'IQSR', Plain: plain, Signature: sign(plain, this.privateKey) }, this.config.timeoutMs);
    const answer = parseQueryAnswer(text);
    if (!answer) throw new ChannelError('CHANNEL_RESPONSE_INVALID', `CEB answered ${text.slice(0, 200)}`);
    if (answer.responseCode === RESPONSE_ORDER_NOT_FOUND) return { status: 'NOT_FOUND', fields: { ResponseCode: answer.responseCode } };
    if (answer.responseCode !== RESPONSE_OK) throw new ChannelError('CHANNEL_REJECTED', `CEB refused the query: ${answer.responseCode} ${answer.responseMessage ?? ''}`, { code: answer.responseCode });
    if (!answer.plain || !answer.signature || !verify(answer.plain, answer.signature, this.bankKey)) throw new ChannelError('CHANNEL_RESPONSE_INVALID', "CEB's answer is not signed by the bank");
    const fields = parsePlain(answer.plain);
    const status = fields && TRANS_STATUS[fields.transStatus];
    if (!fields || !status || fields.orderId !== order.orderId || fields.merchantId !== this.config.merchantId) throw new ChannelError('CHANNEL_RESPONSE_INVALID', `CEB answered ${answer.plain.slice(0, 200)}`);
    try {
      return {
        status,
        channelTradeNo: fields.transSeqNo,
        amountFen: yuanToFen(fields.transAmt),
        refundedFen: fields.transAmt1 ? yuanToFen(fields.transAmt1) : undefined,
        paidAt: status === 'FAILED' ? undefined : parseCompactTime(fields.ppDateTime ?? ''),
        fields,
      };
    } catch {
      throw new ChannelError('CHANNEL_RESPONSE_INVALID', `CEB answered the amounts ${fields.transAmt} / ${fields.transAmt1}`);
    }
  }

  async refund(): Promise<RefundOutcome> {
    return { status: 'REFUSED', code: 'REFUND_NOT_SUPPORTED', message: '光大网关的退货不在公开接口中，请在银行商户服务平台办理', fields: {} };
  }

  async downloadBill(date: string): Promise<Buffer> {
    if (!this.config.billUrl) throw new ChannelError('CHANNEL_NOT_CONFIGURED', 'CEB: ZSB_CEB_BILL_URL is not set, so the bill cannot be downloaded');
    const plain = formatPlain([
      ['transId', 'BILL'],
      ['merchantId', this.config.merchantId],
      ['clearingDate', date.replaceAll('-', '')],
    ]);
    const text = await postForm(this.config.billUrl, { TransName: 'BILL', Plain: plain, Signature: sign(plain, this.privateKey) }, this.config.timeoutMs);
    const answer = parseQueryAnswer(text);
    if (!answer || answer.responseCode !== RESPONSE_OK || answer.plain === undefined || !answer.signature) throw new ChannelError('CHANNEL_REJECTED', `CEB did not give the bill of ${date}: ${text.slice(0, 200)}`);
    if (!verify(answer.plain, answer.signature, this.bankKey)) throw new ChannelError('CHANNEL_RESPONSE_INVALID', "CEB's bill is not signed by the bank");
    const file = parsePlain(answer.plain)?.fileContent;
    if (file === undefined) throw new ChannelError('CHANNEL_RESPONSE_INVALID', "CEB's bill answer has no fileContent");
    return Buffer.from(file, 'base64');
  }

  parseBill(file: Buffer): BillRow[] {
    const rows: BillRow[] = [];
    file
      .toString('utf8')
      .split(/\r?\n/)
      .forEach((line, index) => {
        if (!line.trim() || line.startsWith('#')) return;
        const cells = line.split('|').map((cell) => cell.trim());
        const row = Object.fromEntries(CEB_BILL_COLUMNS.map((name, at) => [name, cells[at] ?? ''])) as Record<(typeof CEB_BILL_COLUMNS)[number], string>;
        const kind = row.originalTransId === 'ZF01' ? 'PAYMENT' : row.originalTransId === 'ZF02' ? 'REFUND' : undefined;
        const at = parseCompactTime(row.transDateTime);
        let amountFen: number;
        try {
          amountFen = yuanToFen(row.transAmt);
        } catch {
          throw new ChannelError('BILL_INVALID', `line ${index + 1} of the CEB bill: amount "${row.transAmt}"`);
        }
        if (cells.length !== CEB_BILL_COLUMNS.length || !kind || !at || !row.orderId || !row.transSeqNo) throw new ChannelError('BILL_INVALID', `line ${index + 1} of the CEB bill cannot be read`);
        rows.push({ kind, orderId: row.orderId, refundId: row.refundId || undefined, channelTradeNo: row.transSeqNo, amountFen, at });
      });
    return rows;
  }
}
