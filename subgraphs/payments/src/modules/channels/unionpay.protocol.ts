/**
 * UnionPay 全渠道 (online gateway, "acp") version 5.1.0 with `signMethod` 01, shared by the adapter and the sandbox:
 *
 * - the signed string is every field but `signature` that has a value, sorted by name, `name=value` joined by `&`;
 * - its SHA-256 digest is written as lowercase hex, and those 64 characters are signed with SHA256withRSA, base64;
 * - the merchant signs with its certificate's key and sends the certificate's serial number (decimal) as `certId`;
 * - UnionPay signs with its signing certificate and sends it whole as `signPubKeyCert`; the merchant checks that it
 *   chains to UnionPay's middle and root certificates (issued with the merchant's integration pack), is within its
 *   dates, and that its subject CN names UnionPay (`…@中国银联股份有限公司@…`), before trusting the key in it.
 * - synchronous answers are `name=value&…` with values as they are (not URL-encoded).
 */
import { createHash, createSign, createVerify, X509Certificate, type KeyLike } from 'node:crypto';

export const ACP_VERSION = '5.1.0';
/** The organisation UnionPay's signing certificates name in their CN (the third `@`-separated part). */
export const UNIONPAY_SIGNER = '中国银联股份有限公司';

export function signString(fields: Record<string, string>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'signature' && fields[key] !== undefined && fields[key] !== '')
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
}

/** Lowercase hex SHA-256, as UnionPay's SDK writes its digests. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The digest of the signed string: the 64 characters the RSA signature is computed over. */
export function digestHex(fields: Record<string, string>): string {
  return sha256Hex(signString(fields));
}

export function sign(fields: Record<string, string>, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(digestHex(fields), 'utf8').sign(privateKey, 'base64');
}

export function verify(fields: Record<string, string>, publicKey: KeyLike): boolean {
  if (!fields.signature) return false;
  try {
    return createVerify('RSA-SHA256').update(digestHex(fields), 'utf8').verify(publicKey, fields.signature, 'base64');
  } catch {
    return false;
  }
}

/** `certId`: the certificate's serial number in decimal. */
export function certId(certificatePem: string): string {
  return BigInt(`0x${new X509Certificate(certificatePem).serialNumber}`).toString(10);
}

/** The third `@`-separated part of a certificate's subject CN, where UnionPay puts its organisation's name. */
export function signerName(certificate: X509Certificate): string | undefined {
  const cn = certificate.subject.split('\n').find((line) => line.startsWith('CN='));
  return cn?.slice(3).split('@')[2];
}

/**
 * Checks a `signPubKeyCert` before its key is trusted. Returns the certificate, or why it is not trusted.
 */
export function trustSignerCertificate(pem: string, root: X509Certificate, middle: X509Certificate, now = new Date()): X509Certificate | string {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return 'signPubKeyCert is not a certificate';
  }
  if (!certificate.checkIssued(middle) || !certificate.verify(middle.publicKey)) return 'signPubKeyCert was not issued by the configured middle certificate';
  if (!middle.checkIssued(root) || !middle.verify(root.publicKey)) return 'the middle certificate was not issued by the configured root certificate';
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) return 'signPubKeyCert is outside its validity dates';
  if (signerName(certificate) !== UNIONPAY_SIGNER) return `signPubKeyCert names "${signerName(certificate) ?? ''}", not ${UNIONPAY_SIGNER}`;
  return certificate;
}

/** Parses a synchronous answer (`name=value&…`, values not encoded); a repeated name is malformed (undefined). */
export function parseAnswer(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const part of text.trim().split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    const key = part.slice(0, at);
    if (Object.hasOwn(fields, key)) return undefined;
    fields[key] = part.slice(at + 1);
  }
  return fields;
}

/** Writes a synchronous answer the way UnionPay's gateway does. */
export function formatAnswer(fields: Record<string, string>): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}
