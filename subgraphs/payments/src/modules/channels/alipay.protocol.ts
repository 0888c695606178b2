/**
 * Alipay open platform (支付宝开放平台) signing rules, as Alipay's gateway applies them. The platform's own requests
 * and its checks of Alipay's messages go through `alipay-sdk`; these functions are the other side of the exchange (the
 * development sandbox signs and verifies with them), so each side is checked by an independent implementation.
 *
 * - Requests: every parameter but `sign` that has a value, sorted by name, `name=value` joined by `&`, signed with
 *   SHA256withRSA (`sign_type` RSA2), base64.
 * - Asynchronous notifications: the same, but `sign_type` is left out too.
 * - Synchronous answers: `{"<method>_response":{…},"sign":"…"}`, the signature over the exact JSON text of the
 *   `<method>_response` value.
 */
import { createSign, createVerify, type KeyLike } from 'node:crypto';

function signString(params: Record<string, string>, leaveOut: string[]): string {
  return Object.keys(params)
    .filter((key) => !leaveOut.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

/** The string Alipay's gateway verifies a merchant's request against. */
export function requestSignString(params: Record<string, string>): string {
  return signString(params, ['sign']);
}

/** The string an asynchronous notification is signed over. */
export function notificationSignString(params: Record<string, string>): string {
  return signString(params, ['sign', 'sign_type']);
}

export function rsa2Sign(text: string, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(text: string, signature: string, publicKey: KeyLike): boolean {
  try {
    return createVerify('RSA-SHA256').update(text, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** `alipay.trade.query` → `alipay_trade_query_response`. */
export function responseKey(method: string): string {
  return `${method.replaceAll('.', '_')}_response`;
}

/** A signed synchronous answer, as Alipay's gateway writes it. */
export function signedResponse(method: string, payload: Record<string, unknown>, privateKey: KeyLike): string {
  const inner = JSON.stringify(payload);
  return `{"${responseKey(method)}":${inner},"sign":"${rsa2Sign(inner, privateKey)}"}`;
}

/** An error answer: Alipay signs these too when it knows the app. */
export function errorResponse(method: string, code: string, msg: string, subCode: string, subMsg: string, privateKey: KeyLike): string {
  return signedResponse(method, { code, msg, sub_code: subCode, sub_msg: subMsg }, privateKey);
}
