import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, type PlatformConfig } from '@zsb/platform';
import { DEFAULT_RULES_DIR, RuleCatalog } from '@zsb/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsFile, sandboxCredentials } from '../../sandbox/credentials.ts';
import { payments } from '../../subgraph.ts';
import { readAlipayConfig, readCebConfig, readUnionPayConfig } from './channel.config.ts';
import { ChannelError } from './channel.ts';
import { ChannelRegistry } from './channel.registry.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-channels-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const development: PlatformConfig = { mode: 'development', dataDir };
const production: PlatformConfig = { mode: 'production', dataDir: path.join(dataDir, 'production') };
const key = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

function refusal(action: () => unknown): ChannelError {
  try {
    action();
  } catch (error) {
    if (error instanceof ChannelError) return error;
    throw error;
  }
  throw new Error('expected a ChannelError');
}

describe('the channel registry', () => {
  it('refuses a code without an adapter, naming the channels it has', () => {
    const registry = new ChannelRegistry(development, {});
    for (const code of ['WECHAT_PAY', 'PAYPAL', 'toString']) {
      const error = refusal(() => registry.get(code));
      expect(error.code).toBe('CHANNEL_UNSUPPORTED');
      expect(error.message).toContain(`"${code}" has no adapter (the platform pays through ALIPAY, UNIONPAY, CEB)`);
    }
  });

  it('has an adapter for every channel the provinces’ rules name; the test province’s WeChat Pay is the one without', () => {
    const named = (root: string) => new Set(RuleCatalog.load(root).all().flatMap((set) => set.parameters.paymentChannels.items.map((item) => item.code)));
    const supported = new ChannelRegistry(development, {}).supported();
    expect([...named(DEFAULT_RULES_DIR)].filter((code) => !supported.includes(code))).toEqual([]);
    expect([...named(path.join(DEFAULT_RULES_DIR, '../test-provinces'))].filter((code) => !supported.includes(code))).toEqual(['WECHAT_PAY']);
  });

  it('gives each channel the sandbox’s identity and address in development, and the same adapter every time', () => {
    const registry = new ChannelRegistry(development, { ZSB_PAYMENT_SANDBOX_PORT: '4555' });
    expect(registry.get('ALIPAY')).toBe(registry.get('ALIPAY'));
    const sandbox = sandboxCredentials(dataDir);
    expect(readAlipayConfig(development, { ZSB_PAYMENT_SANDBOX_PORT: '4555' })).toMatchObject({ appId: sandbox.alipay.appId, sellerId: sandbox.alipay.sellerId, gatewayUrl: 'http://127.0.0.1:4555/alipay/gateway.do' });
    expect(readUnionPayConfig(development, { ZSB_PAYMENT_SANDBOX_URL: 'http://sandbox.test:8080/' })).toMatchObject({ merId: sandbox.unionpay.merId, frontTransUrl: 'http://sandbox.test:8080/unionpay/gateway/api/frontTransReq.do' });
    expect(readCebConfig(development, {})).toMatchObject({ merchantId: sandbox.ceb.merchantId, payUrl: 'http://127.0.0.1:4104/ceb/per/preEpayLogin.do' });
  });
});

describe('channel configuration in production', () => {
  it('refuses a channel without its settings, naming them, and generates no sandbox keys', () => {
    expect(refusal(() => readAlipayConfig(production, {})).message).toBe('ALIPAY needs ZSB_ALIPAY_APP_ID, ZSB_ALIPAY_SELLER_ID, ZSB_ALIPAY_PRIVATE_KEY, ZSB_ALIPAY_PUBLIC_KEY in production');
    expect(refusal(() => readUnionPayConfig(production, {})).message).toBe('UNIONPAY needs ZSB_UNIONPAY_MER_ID, ZSB_UNIONPAY_SIGN_KEY, ZSB_UNIONPAY_SIGN_CERT, ZSB_UNIONPAY_ROOT_CERT, ZSB_UNIONPAY_MIDDLE_CERT in production');
    expect(refusal(() => readCebConfig(production, {})).code).toBe('CHANNEL_NOT_CONFIGURED');
    expect(fs.existsSync(credentialsFile(production.dataDir))).toBe(false);
  });

  it('never points at the sandbox: a plain-http or local address is refused, the channel’s https address taken', () => {
    const merchant = key();
    const alipay = key();
    const env = { ZSB_ALIPAY_APP_ID: '2021000000000001', ZSB_ALIPAY_SELLER_ID: '2088000000000001', ZSB_ALIPAY_PRIVATE_KEY: merchant.privateKey, ZSB_ALIPAY_PUBLIC_KEY: alipay.publicKey };
    for (const url of ['http://127.0.0.1:4104/alipay/gateway.do', 'https://localhost/gateway.do', 'http://openapi.alipay.com/gateway.do']) {
      expect(refusal(() => readAlipayConfig(production, { ...env, ZSB_ALIPAY_GATEWAY_URL: url })).message).toContain('must be the channel\'s https address in production');
    }
    expect(readAlipayConfig(production, env).gatewayUrl).toBe('https://openapi.alipay.com/gateway.do');
    // One-line variables carry their line breaks as \n.
    expect(readAlipayConfig(production, { ...env, ZSB_ALIPAY_PRIVATE_KEY: merchant.privateKey.replaceAll('\n', '\\n') }).privateKey).toBe(merchant.privateKey);
  });

  it('names a key that is not a PEM key', () => {
    const env = { ZSB_CEB_MERCHANT_ID: '370310000003', ZSB_CEB_PRIVATE_KEY: 'not a key', ZSB_CEB_BANK_PUBLIC_KEY: key().publicKey };
    expect(refusal(() => readCebConfig(production, env)).message).toBe('CEB: ZSB_CEB_PRIVATE_KEY is not a PEM private key');
  });

  it('in development too, a channel with some of its settings needs all of them', () => {
    expect(refusal(() => readCebConfig(development, { ZSB_CEB_MERCHANT_ID: '370310000003' })).message).toBe('CEB needs ZSB_CEB_PRIVATE_KEY, ZSB_CEB_BANK_PUBLIC_KEY once any of them is set');
    expect(refusal(() => readAlipayConfig(development, { ZSB_ALIPAY_GATEWAY_URL: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do' })).message).toBe('ALIPAY needs ZSB_ALIPAY_APP_ID, ZSB_ALIPAY_SELLER_ID, ZSB_ALIPAY_PRIVATE_KEY, ZSB_ALIPAY_PUBLIC_KEY once any of them is set');
  });

  it('the payments subgraph does not start in production while a channel the rules name is not configured', () => {
    const start = (env: NodeJS.ProcessEnv) => () => payments.prepare({ config: production, env, log: createLogger({}, true), orm: undefined as never });
    let message = '';
    try {
      start({})();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').map((line) => line.trim().split(' ')[0])).toEqual(['Payment', 'ALIPAY', 'UNIONPAY', 'CEB']);
    // `ZSB_PAYMENT_CHANNELS` narrows the channels a deployment must configure.
    expect(start({ ZSB_PAYMENT_CHANNELS: 'CEB' })).toThrow(/^Payment channels are not configured:\n {2}CEB needs ZSB_CEB_MERCHANT_ID/);
  });
});
