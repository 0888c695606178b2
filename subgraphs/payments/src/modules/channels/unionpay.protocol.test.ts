import { createVerify, generateKeyPairSync, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxCredentials } from '../../sandbox/credentials.ts';
import { certId, digestHex, formatAnswer, parseAnswer, sha256Hex, sign, signString, trustSignerCertificate, UNIONPAY_SIGNER, verify } from './unionpay.protocol.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-acp-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const credentials = sandboxCredentials(dataDir).unionpay;
const root = new X509Certificate(credentials.rootCert);
const middle = new X509Certificate(credentials.middleCert);

/** A certificate issued by a key of the test's own, for the cases the sandbox hierarchy cannot produce. */
function strayCertificate(options: { commonName: string; notAfter?: Date; issuer?: { name: string; key: string } }): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '0a';
  cert.validity.notBefore = new Date(Date.now() - 2 * 86_400_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 86_400_000);
  const name = (commonName: string): forge.pki.CertificateField[] => [{ shortName: 'C', value: 'CN' }, { shortName: 'O', value: 'Payment Sandbox (development only)' }, { name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }];
  cert.setSubject(name(options.commonName));
  cert.setIssuer(name(options.issuer?.name ?? options.commonName));
  cert.sign(forge.pki.privateKeyFromPem(options.issuer?.key ?? privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe('UnionPay 5.1.0 signatures (signMethod 01)', () => {
  const message = { version: '5.1.0', encoding: 'UTF-8', txnType: '01', txnAmt: '15000', orderId: 'ZSB00000001', reqReserved: '', signature: 'old', merId: '777290058110048' };

  it('signs the fields but signature and the empty ones, sorted, joined by &', () => {
    expect(signString(message)).toBe('encoding=UTF-8&merId=777290058110048&orderId=ZSB00000001&txnAmt=15000&txnType=01&version=5.1.0');
  });

  it('writes digests as UnionPay’s SDK logs them: lowercase hex of SHA-256', () => {
    // The acp SDK's log line "打印摘要 … stringData=123" shows this digest.
    expect(sha256Hex('123')).toBe('a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3');
    expect(digestHex(message)).toBe(sha256Hex(signString(message)));
  });

  it('signs the 64 hex characters of the digest with SHA256withRSA, and any changed field breaks it', () => {
    const signature = sign(message, credentials.merchantKey);
    const merchant = new X509Certificate(credentials.merchantCert).publicKey;
    expect(createVerify('RSA-SHA256').update(digestHex(message)).verify(merchant, signature, 'base64')).toBe(true);
    expect(verify({ ...message, signature }, merchant)).toBe(true);
    expect(verify({ ...message, signature, txnAmt: '1' }, merchant)).toBe(false);
    expect(verify({ ...message, signature: 'not base64 at all' }, merchant)).toBe(false);
  });

  it('names a certificate by its serial number in decimal (certId)', () => {
    expect(certId(credentials.merchantCert)).toBe(BigInt(`0x${new X509Certificate(credentials.merchantCert).serialNumber}`).toString(10));
    expect(certId(credentials.merchantCert)).toMatch(/^6\d{10}$/);
  });
});

describe('trusting signPubKeyCert', () => {
  it('trusts UnionPay’s signing certificate issued under the configured middle and root certificates', () => {
    const trusted = trustSignerCertificate(credentials.unionpayCert, root, middle);
    expect(trusted).toBeInstanceOf(X509Certificate);
  });

  it('refuses a certificate that chains correctly but does not name UnionPay (the merchant’s own)', () => {
    expect(trustSignerCertificate(credentials.merchantCert, root, middle)).toMatch(/names "沙箱商户", not 中国银联股份有限公司/);
  });

  it('refuses a certificate naming UnionPay that the middle certificate did not issue', () => {
    const forged = strayCertificate({ commonName: `041@Z12400000@${UNIONPAY_SIGNER}@00000001` });
    expect(trustSignerCertificate(forged, root, middle)).toMatch(/not issued by the configured middle/);
  });

  it('refuses a chain whose middle certificate the configured root did not issue', () => {
    const otherRoot = new X509Certificate(strayCertificate({ commonName: 'Payment Sandbox Root CA' }));
    expect(trustSignerCertificate(credentials.unionpayCert, otherRoot, middle)).toMatch(/middle certificate was not issued by the configured root/);
  });

  it('refuses UnionPay’s certificate once it has expired', () => {
    expect(trustSignerCertificate(credentials.unionpayCert, root, middle, new Date(Date.now() + 11 * 365 * 86_400_000))).toMatch(/outside its validity dates/);
  });

  it('refuses what is not a certificate', () => {
    expect(trustSignerCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', root, middle)).toBe('signPubKeyCert is not a certificate');
  });
});

describe('UnionPay’s synchronous answers', () => {
  it('are name=value pairs whose values (a PEM certificate among them) are not encoded', () => {
    const fields = { respCode: '00', respMsg: '成功[0000000]', signPubKeyCert: credentials.unionpayCert, signature: 'abc+/==' };
    expect(parseAnswer(formatAnswer(fields))).toEqual(fields);
  });

  it('a name given twice makes the answer unreadable', () => {
    expect(parseAnswer('respCode=00&respCode=34')).toBeUndefined();
    expect(parseAnswer('respCode')).toBeUndefined();
  });
});
