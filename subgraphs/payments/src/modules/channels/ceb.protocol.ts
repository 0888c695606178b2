/**
 * 光大银行 (China Everbright Bank, CEB) B2C online-banking payment gateway (网上支付), shared by the adapter and the
 * sandbox. What follows the bank's public traces (merchant integrations published on the web):
 * - a browser form POST of `TransName`, `Plain` and `Signature` to the gateway (`/per/preEpayLogin.do`), with
 *   `TransName` IPER for personal online banking;
 * - `Plain` is `name=value` pairs joined by `~|~`, in this order for a payment: transId, merchantId, orderId,
 *   transAmt (元), transDateTime (yyyyMMddHHmmss), currencyType (001 = CNY), customerName, productInfo,
 *   customerEMail, merURL (server notification), merURL1 (browser return), msgExt;
 * - the query `TransName` IQSR posted to `/per/QueryMerchantEpay.do` with transId, merchantId, originalorderId,
 *   originalTransAmt, originalTransDateTime; its answer carries `ResponseCode` (0000 = answered), `Plain` and
 *   `Signature`, and the Plain's transStatus (00 paid, 01 failed, 02 cancelled, 03 partly refunded, 04 refunded,
 *   99 timed out) and transAmt1 (refunded so far);
 * - the notification posts `Plain` and `Signature` to merURL; respCode `AAAAAAA` means paid.
 *
 * Assumed, to be confirmed with the bank's integration pack (the bank's signing library is not public): the
 * signature is SHA256withRSA over the UTF-8 Plain, lowercase hex; the query answer is three lines
 * `ResponseCode=…`, `Plain=…`, `Signature=…`; the notification's Plain fields (listed in `NOTIFICATION_FIELDS`);
 * an answer of HTTP 200 `success` ends the bank's retries; the daily bill (TransName `BILL`) and its line format.
 */
import { createSign, createVerify, type KeyLike } from 'node:crypto';

export const SEPARATOR = '~|~';

/** Joins fields in the given order; a value that would break the format is refused. */
export function formatPlain(fields: [string, string][]): string {
  for (const [key, value] of fields) {
    if (value.includes(SEPARATOR) || /[\r\n]/.test(value)) throw new Error(`the value of ${key} cannot be sent to CEB: it holds "${SEPARATOR}" or a line break`);
  }
  return fields.map(([key, value]) => `${key}=${value}`).join(SEPARATOR);
}

/** Reads a Plain (a trailing separator is allowed); a repeated or nameless field is malformed (undefined). */
export function parsePlain(plain: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  const parts = plain.split(SEPARATOR);
  if (parts.at(-1) === '') parts.pop();
  for (const part of parts) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    const key = part.slice(0, at);
    if (Object.hasOwn(fields, key)) return undefined;
    fields[key] = part.slice(at + 1);
  }
  return fields;
}

export function sign(plain: string, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(plain, 'utf8').sign(privateKey, 'hex');
}

export function verify(plain: string, signature: string, publicKey: KeyLike): boolean {
  if (!/^[0-9a-fA-F]+$/.test(signature)) return false;
  try {
    return createVerify('RSA-SHA256').update(plain, 'utf8').verify(publicKey, signature.toLowerCase(), 'hex');
  } catch {
    return false;
  }
}

/** The Plain fields of a payment notification (assumed), in order. */
export const NOTIFICATION_FIELDS = ['transId', 'merchantId', 'orderId', 'transAmt', 'transDateTime', 'transSeqNo', 'ppDateTime', 'clearingDate', 'respCode', 'msgExt'] as const;

/** Reads a query answer: `ResponseCode`, `Plain` and `Signature`, one per line (assumed). */
export function parseQueryAnswer(text: string): { responseCode: string; responseMessage?: string; plain?: string; signature?: string } | undefined {
  const lines: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) lines[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  if (!lines.ResponseCode) return undefined;
  return { responseCode: lines.ResponseCode, responseMessage: lines.ResponseMsg, plain: lines.Plain, signature: lines.Signature };
}

export function formatQueryAnswer(answer: { responseCode: string; responseMessage?: string; plain?: string; signature?: string }): string {
  const lines = [`ResponseCode=${answer.responseCode}`];
  if (answer.responseMessage) lines.push(`ResponseMsg=${answer.responseMessage}`);
  if (answer.plain !== undefined) lines.push(`Plain=${answer.plain}`, `Signature=${answer.signature ?? ''}`);
  return `${lines.join('\n')}\n`;
}

/** The query answer's code for "answered" (public) and for "no such order" (assumed). */
export const RESPONSE_OK = '0000';
export const RESPONSE_ORDER_NOT_FOUND = '1001';
/** The notification's respCode for a payment that went through. */
export const RESP_PAID = 'AAAAAAA';
