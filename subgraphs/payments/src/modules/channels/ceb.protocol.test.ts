import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatPlain, formatQueryAnswer, parsePlain, parseQueryAnswer, sign, verify } from './ceb.protocol.ts';

describe('CEB’s Plain', () => {
  it('reads the query answer of the bank’s public trace, trailing separator and all', () => {
    // A query answer logged by a published CEB integration (amounts in yuan, transStatus 00 = paid).
    const plain = 'transId=IQSR~|~originalTransId=ZF01~|~orderId=200902022189~|~transSeqNo=901239710367~|~merchantId=370310000003~|~transDateTime=20090202~|~ppDateTime=20080101~|~clearingDate=20090420~|~transAmt=10~|~transAmt1=0~|~feeAmt=0~|~transStatus=00~|~respCode=AAAAAAA~|~';
    expect(parsePlain(plain)).toEqual({
      transId: 'IQSR',
      originalTransId: 'ZF01',
      orderId: '200902022189',
      transSeqNo: '901239710367',
      merchantId: '370310000003',
      transDateTime: '20090202',
      ppDateTime: '20080101',
      clearingDate: '20090420',
      transAmt: '10',
      transAmt1: '0',
      feeAmt: '0',
      transStatus: '00',
      respCode: 'AAAAAAA',
    });
  });

  it('writes the payment fields in the order given, empty ones included, and refuses a value that would break them', () => {
    expect(formatPlain([['transId', 'IPER'], ['merchantId', '370310000003'], ['customerName', ''], ['merURL', 'http://m/notify?a=1']])).toBe('transId=IPER~|~merchantId=370310000003~|~customerName=~|~merURL=http://m/notify?a=1');
    expect(() => formatPlain([['productInfo', '报名费~|~merchantId=1']])).toThrow(/cannot be sent to CEB/);
    expect(parsePlain('transId=IPER~|~transId=IQSR')).toBeUndefined();
  });

  it('signs the Plain in hex and refuses a changed Plain or a signature that is not hex', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const plain = 'transId=IPER~|~orderId=ZSB00000001~|~transAmt=150.00';
    const signature = sign(plain, privateKey);
    expect(signature).toMatch(/^[0-9a-f]{512}$/);
    expect(verify(plain, signature.toUpperCase(), publicKey)).toBe(true);
    expect(verify(plain.replace('150.00', '0.01'), signature, publicKey)).toBe(false);
    expect(verify(plain, 'zz', publicKey)).toBe(false);
  });

  it('writes and reads the query answer lines', () => {
    const answer = { responseCode: '0000', plain: 'transId=IQSR~|~transStatus=00', signature: 'ab' };
    expect(parseQueryAnswer(formatQueryAnswer(answer))).toEqual({ ...answer, responseMessage: undefined });
    expect(parseQueryAnswer('<html>busy</html>')).toBeUndefined();
  });
});
