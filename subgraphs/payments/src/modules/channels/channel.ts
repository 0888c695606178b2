/**
 * One payment channel (支付渠道) as the platform uses it: create a payment the candidate completes on the channel's
 * page, verify the channel's notifications, ask for an order's state, refund, and read the daily bill. Each channel's
 * protocol lives in one adapter file beside this one; the rules name channels by code (`parameters.json`
 * `paymentChannels`), and `channel.registry.ts` turns a code into its adapter.
 *
 * Amounts are whole fen throughout; adapters convert at the protocol edge (`money.ts`).
 */

/** A channel code as the rules name it. */
export type ChannelCode = string;

/** What identifies an order at a channel. UnionPay and CEB key an order by merchant, number and creation time. */
export interface ChannelOrder {
  /** The platform's order number, sent as `out_trade_no` / `orderId`: 8–32 letters and digits. */
  orderId: string;
  amountFen: number;
  /** When the order was created; sent as the order time and needed again to query it. */
  createdAt: Date;
}

export interface PaymentRequest extends ChannelOrder {
  /** What the candidate pays for, shown on the channel's page, e.g. `2023年普通专升本考试 报名费`. */
  subject: string;
  /** Phones get the channel's mobile page (Alipay `wap.pay`, UnionPay channelType 08), desktops the web page. */
  device: 'mobile' | 'desktop';
  /** Where the channel posts its asynchronous notification (异步通知). */
  notifyUrl: string;
  /** Where the candidate's browser returns after paying or cancelling. */
  returnUrl: string;
  /** When the channel stops accepting payment for this order. */
  expiresAt?: Date;
}

/**
 * Where to send the candidate's browser: a GET to `url`, or a form POST of `fields` to `url` (render it with
 * `redirectFormHtml` or let the client build the form).
 */
export interface PaymentRedirect {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

/** A notification as it reached the platform's HTTP endpoint, before anything was believed. */
export interface RawNotification {
  /** The request body exactly as received (form-encoded for the three channels here). */
  body: string;
  contentType?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/** The amount the platform expects for an order or a refund it knows. */
export interface ExpectedAmount {
  amountFen: number;
}

/** How an adapter asks the platform about the order (or refund) a notification names. */
export interface NotificationContext {
  findOrder(orderId: string): Promise<ExpectedAmount | undefined> | ExpectedAmount | undefined;
  /** Refund results that carry the refund's own number (UnionPay 退货 has its own `orderId`). */
  findRefund(refundId: string): Promise<ExpectedAmount | undefined> | ExpectedAmount | undefined;
}

export type NotifiedStatus = 'PAID' | 'FAILED' | 'CLOSED' | 'REFUNDED' | 'PENDING';

/** A notification whose signature, merchant, order and amount all checked out. */
export interface VerifiedNotification {
  channel: ChannelCode;
  kind: 'PAYMENT' | 'REFUND';
  /** The platform's order number. For a UnionPay refund result this is the original order when the channel says it. */
  orderId?: string;
  /** The refund's number, for refund results. */
  refundId?: string;
  /** The channel's own number for the payment (Alipay `trade_no`, UnionPay `queryId`, CEB `transSeqNo`). */
  channelTradeNo: string;
  /** The order's amount (payments) or the refund's amount (refunds), checked against what the platform expects. */
  amountFen: number;
  status: NotifiedStatus;
  /** When the channel says the money moved. */
  paidAt?: Date;
  /** Refunded so far, when the channel says (Alipay `refund_fee`). */
  refundedFen?: number;
  /**
   * The same across the channel's retries of one notification and different between notifications (Alipay
   * `notify_id`): what a receiver deduplicates on.
   */
  deliveryId: string;
  /** Every field as received, for the audit trail. */
  fields: Record<string, string>;
}

/** Why a notification was not believed. Stable codes, listed in docs/errors.md. */
export type NotificationRefusalCode =
  | 'NOTIFICATION_MALFORMED'
  | 'NOTIFICATION_SIGNATURE_INVALID'
  | 'NOTIFICATION_MERCHANT_MISMATCH'
  | 'NOTIFICATION_ORDER_UNKNOWN'
  | 'NOTIFICATION_AMOUNT_MISMATCH';

export interface NotificationRefusal {
  code: NotificationRefusalCode;
  message: string;
}

export type NotificationOutcome = { ok: true; notification: VerifiedNotification } | { ok: false; refusal: NotificationRefusal };

/** The exact HTTP answer a channel expects from the platform's notification endpoint. */
export interface NotificationAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** An order's state at the channel. `NOT_FOUND`: the channel has no such order (the candidate never opened its page). */
export type ChannelPaymentStatus = 'PENDING' | 'PAID' | 'CLOSED' | 'FAILED' | 'REFUNDED' | 'PARTIALLY_REFUNDED' | 'NOT_FOUND';

export interface QueryResult {
  status: ChannelPaymentStatus;
  channelTradeNo?: string;
  amountFen?: number;
  paidAt?: Date;
  refundedFen?: number;
  /** The channel's answer as received (signature checked). */
  fields: Record<string, string>;
}

export interface RefundRequest {
  order: ChannelOrder & { channelTradeNo: string };
  /** The platform's number for this refund: retrying with the same number never refunds twice. */
  refundId: string;
  amountFen: number;
  reason: string;
  /** When the refund was first asked for (UnionPay identifies a refund by its number and this time). */
  requestedAt: Date;
  /** Where a channel that answers refunds asynchronously (UnionPay) posts the result. */
  notifyUrl?: string;
}

export type RefundOutcome =
  | { status: 'SUCCEEDED' | 'PROCESSING'; refundedFen?: number; channelRefundNo?: string; fields: Record<string, string> }
  | { status: 'REFUSED'; code: string; message: string; fields: Record<string, string> };

/** One line of a channel's daily bill (对账单). */
export interface BillRow {
  kind: 'PAYMENT' | 'REFUND';
  orderId: string;
  refundId?: string;
  channelTradeNo: string;
  /** Always positive; `kind` says which way the money went. */
  amountFen: number;
  /** When the channel completed it. */
  at: Date;
}

export interface ChannelCapabilities {
  /** Whether `refund` can refund through the channel's interface (otherwise the bank's merchant console). */
  refund: boolean;
}

/** The one interface every payment channel implements. */
export interface PaymentChannel {
  readonly code: ChannelCode;
  /** The name candidates see, e.g. 支付宝. */
  readonly name: string;
  readonly capabilities: ChannelCapabilities;

  createPayment(request: PaymentRequest): PaymentRedirect;

  /** Verifies signature, merchant, order and amount; never throws for a bad notification. */
  parseNotification(raw: RawNotification, context: NotificationContext): Promise<NotificationOutcome>;

  /** The body the channel expects: `accepted` false asks the channel to send the notification again later. */
  notificationAnswer(accepted: boolean): NotificationAnswer;

  /** The order's state at the channel (what to ask when no notification arrived). */
  query(order: ChannelOrder): Promise<QueryResult>;

  refund(request: RefundRequest): Promise<RefundOutcome>;

  /** Downloads the bill of one Beijing calendar day, `yyyy-MM-dd`. */
  downloadBill(date: string): Promise<Buffer>;

  parseBill(file: Buffer): BillRow[];
}

/** Codes of `ChannelError`, listed in docs/errors.md. */
export type ChannelErrorCode =
  | 'CHANNEL_UNSUPPORTED'
  | 'CHANNEL_NOT_CONFIGURED'
  | 'CHANNEL_UNAVAILABLE'
  | 'CHANNEL_RESPONSE_INVALID'
  | 'CHANNEL_REJECTED'
  | 'BILL_INVALID'
  | 'PAYMENT_REQUEST_INVALID';

/**
 * A channel call that did not give an answer the platform can act on. `CHANNEL_UNAVAILABLE` means the outcome is
 * unknown (network, timeout, the channel's own "busy"): ask again later, never assume either way.
 */
export class ChannelError extends Error {
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** The refusal for a notification, with its message. */
export function refuse(code: NotificationRefusalCode, message: string): NotificationOutcome {
  return { ok: false, refusal: { code, message } };
}

/** Order numbers every channel here accepts: UnionPay allows 8–40 letters and digits, CEB and Alipay more. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9]{8,32}$/;

export function checkPaymentRequest(request: PaymentRequest): void {
  if (!ORDER_ID_PATTERN.test(request.orderId)) throw new ChannelError('PAYMENT_REQUEST_INVALID', `order number "${request.orderId}" must be 8–32 letters and digits`);
  if (!Number.isSafeInteger(request.amountFen) || request.amountFen <= 0) throw new ChannelError('PAYMENT_REQUEST_INVALID', `amount ${request.amountFen} must be a positive number of fen`);
  if (!request.subject.trim()) throw new ChannelError('PAYMENT_REQUEST_INVALID', 'the subject must not be empty');
  for (const url of [request.notifyUrl, request.returnUrl]) {
    if (!/^https?:\/\//.test(url)) throw new ChannelError('PAYMENT_REQUEST_INVALID', `"${url}" is not an http(s) URL`);
  }
}
