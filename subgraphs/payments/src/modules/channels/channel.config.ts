/**
 * Each channel's merchant identity, keys and addresses. Production reads them from the environment and refuses a
 * channel that lacks any of them, or whose address is not an https address of another host (never the sandbox).
 * Development and tests use the payment sandbox's identities and addresses unless the channel's variables are set.
 * Variables are listed in the README's configuration table.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { makeValidator, str } from 'envalid';
import { PLATFORM_SETTINGS, portNumber, readSettings, wholeNumber, type PlatformConfig } from '@zsb/platform';
import { sandboxCredentials } from '../../sandbox/credentials.ts';
import { ChannelError } from './channel.ts';

export interface AlipayConfig {
  appId: string;
  /** The merchant's Alipay account (PID, 2088…), which notifications name as `seller_id`. */
  sellerId: string;
  /** The application's private key (PEM). */
  privateKey: string;
  /** Alipay's public key (PEM), for Alipay's answers and notifications. */
  alipayPublicKey: string;
  gatewayUrl: string;
  timeoutMs: number;
}

export interface UnionPayConfig {
  merId: string;
  /** The merchant's signing key and certificate (PEM; convert UnionPay's .pfx with openssl). */
  signKey: string;
  signCert: string;
  /** UnionPay's root and middle certificates (PEM), which `signPubKeyCert` must chain to. */
  rootCert: string;
  middleCert: string;
  frontTransUrl: string;
  backTransUrl: string;
  queryTransUrl: string;
  fileTransUrl: string;
  timeoutMs: number;
}

export interface CebConfig {
  merchantId: string;
  privateKey: string;
  /** The bank gateway's public key (PEM). */
  bankPublicKey: string;
  payUrl: string;
  queryUrl: string;
  /** Where the daily bill is fetched (assumed interface, see ceb.protocol.ts); unset: no bill download. */
  billUrl?: string;
  timeoutMs: number;
}

/** Next to the subgraphs' ports; never one that browsers and fetch refuse (the Fetch standard's bad ports, e.g. 4190). */
export const DEFAULT_SANDBOX_PORT = 4104;

const secret = (desc: string) => str({ default: undefined, desc });

/** A number above 0 (a factor). */
const positiveNumber = makeValidator<number>((input) => {
  const value = Number(input);
  if (!(value > 0)) throw new Error(`must be a number above 0, not "${input}"`);
  return value;
});

/** The channels' published addresses, used where a channel's gateway setting is not set. */
const PUBLISHED_GATEWAYS = { ALIPAY: 'https://openapi.alipay.com/gateway.do', UNIONPAY: 'https://gateway.95516.com', CEB: 'https://www.cebbank.com' } as const;

/** The payment channels' settings (production needs every channel in use fully set; development uses the sandbox's). */
export const PAYMENT_SETTINGS = {
  ZSB_ALIPAY_APP_ID: secret('Alipay application id'),
  ZSB_ALIPAY_SELLER_ID: secret("the merchant's Alipay account (PID, 2088…), named as seller_id in notifications"),
  ZSB_ALIPAY_PRIVATE_KEY: secret("PEM: the application's private key (RSA2)"),
  ZSB_ALIPAY_PUBLIC_KEY: secret("PEM: Alipay's public key, for its answers and notifications"),
  ZSB_ALIPAY_GATEWAY_URL: secret("Alipay's gateway (https://openapi.alipay.com/gateway.do)"),
  ZSB_UNIONPAY_MER_ID: secret('UnionPay merchant number'),
  ZSB_UNIONPAY_SIGN_KEY: secret("PEM: the merchant's signing key"),
  ZSB_UNIONPAY_SIGN_CERT: secret("PEM: the merchant's signing certificate"),
  ZSB_UNIONPAY_ROOT_CERT: secret("PEM: UnionPay's root certificate"),
  ZSB_UNIONPAY_MIDDLE_CERT: secret("PEM: UnionPay's middle certificate"),
  ZSB_UNIONPAY_GATEWAY_URL: secret("UnionPay's gateway (https://gateway.95516.com)"),
  ZSB_UNIONPAY_FILE_URL: secret("UnionPay's file download address (https://filedownload.95516.com)"),
  ZSB_CEB_MERCHANT_ID: secret('光大银行 merchant id'),
  ZSB_CEB_PRIVATE_KEY: secret("PEM: the merchant's private key"),
  ZSB_CEB_BANK_PUBLIC_KEY: secret("PEM: the bank gateway's public key"),
  ZSB_CEB_GATEWAY_URL: secret("CEB's gateway (https://www.cebbank.com)"),
  ZSB_CEB_BILL_URL: secret("where CEB's daily bill is fetched"),
  ZSB_PAYMENT_CHANNELS: str({ default: undefined, desc: 'comma-separated channel codes production must have configured (default: those the rule sets name)' }),
  ZSB_PAYMENT_TIMEOUT_MS: wholeNumber({ default: 10_000, desc: 'how long a call to a payment channel waits' }),
  ZSB_PAYMENT_SANDBOX_PORT: portNumber({ default: DEFAULT_SANDBOX_PORT, desc: 'development: where the payment sandbox listens' }),
  ZSB_PAYMENT_SANDBOX_URL: str({ default: undefined, desc: 'development: the sandbox as the browser reaches it' }),
  ZSB_PAYMENT_SANDBOX_TIME_SCALE: positiveNumber({ default: 1, desc: "development: multiplies the sandbox's notification retry schedules" }),
  ZSB_PUBLIC_URL: str({ default: undefined, desc: "the gateway's public address, which channels post notifications to and browsers return to (production: required, https; default http://127.0.0.1:<PORT>)" }),
  ZSB_PAYMENT_CHECK_AFTER_SECONDS: wholeNumber({ default: 60, desc: 'how long an open order waits before reconciliation first asks its channel (then 2×, 4×, … up to 10 minutes)' }),
  ZSB_PAYMENT_SWEEP_INTERVAL_MS: wholeNumber({ default: 5000, desc: "how often the reconciliation sweep looks for open orders due a check (and the outbox relay for hand-overs to retry)" }),
};

export const paymentSettings = (env: NodeJS.ProcessEnv) => readSettings(env, PAYMENT_SETTINGS);

/** Where the development sandbox listens. */
export function sandboxUrl(env: NodeJS.ProcessEnv): string {
  const settings = paymentSettings(env);
  const host = readSettings(env, { ZSB_HOST: PLATFORM_SETTINGS.ZSB_HOST }).ZSB_HOST;
  return (settings.ZSB_PAYMENT_SANDBOX_URL || `http://${host}:${settings.ZSB_PAYMENT_SANDBOX_PORT}`).replace(/\/$/, '');
}

/**
 * The origins a candidate's browser is sent to, by a link or a posted form, to pay: each channel's gateway as
 * configured (or its published address), and the sandbox outside production. The gateway's content security policy
 * lets forms post there and nowhere else but itself.
 */
export function paymentPageOrigins(config: PlatformConfig, env: NodeJS.ProcessEnv): string[] {
  const settings = paymentSettings(env);
  const urls = [settings.ZSB_ALIPAY_GATEWAY_URL || PUBLISHED_GATEWAYS.ALIPAY, settings.ZSB_UNIONPAY_GATEWAY_URL || PUBLISHED_GATEWAYS.UNIONPAY, settings.ZSB_CEB_GATEWAY_URL || PUBLISHED_GATEWAYS.CEB];
  if (config.mode !== 'production') urls.push(sandboxUrl(env));
  const origins = urls.flatMap((url) => {
    try {
      return [new URL(url).origin];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)];
}

/** Where channels and browsers reach the gateway's payment routes (`/payments/notify/<channel>`, `/payments/return/<channel>`). */
export function publicUrl(config: PlatformConfig, env: NodeJS.ProcessEnv): string {
  const configured = paymentSettings(env).ZSB_PUBLIC_URL;
  if (config.mode === 'production') {
    if (!configured || !configured.startsWith('https://')) throw new ChannelError('CHANNEL_NOT_CONFIGURED', 'ZSB_PUBLIC_URL must be the gateway\'s public https address in production: channels post their notifications there');
  }
  if (configured) return configured.replace(/\/$/, '');
  // The gateway's own port setting, read here only for the development default.
  const { PORT } = readSettings(env, { PORT: portNumber({ default: 4000, desc: 'the gateway' }) });
  return `http://127.0.0.1:${PORT}`;
}

/** A PEM from the environment: literal `\n` sequences (one-line variables) become line breaks. */
const pem = (value: string) => value.replace(/\\n/g, '\n');

/** Reads one channel's variables; all or none must be set, and production needs all. */
function readVariables<K extends string>(code: string, env: NodeJS.ProcessEnv, config: PlatformConfig, names: Record<K, keyof typeof PAYMENT_SETTINGS>, optional: NoInfer<K>[] = []): Record<K, string> | undefined {
  const settings = paymentSettings(env) as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries<string>(names).map(([key, name]) => [key, (settings[name] as string | undefined) ?? ''])) as Record<K, string>;
  const required = (Object.keys(names) as K[]).filter((key) => !optional.includes(key));
  const missing = required.filter((key) => !values[key]).map((key) => names[key]);
  // An address set on its own would otherwise be silently ignored in favour of the sandbox's.
  const anySet = (Object.keys(names) as K[]).some((key) => values[key]);
  if (!anySet && config.mode !== 'production') return undefined;
  if (missing.length) {
    const why = config.mode === 'production' ? 'in production' : 'once any of them is set';
    throw new ChannelError('CHANNEL_NOT_CONFIGURED', `${code} needs ${missing.join(', ')} ${why}`, { missing });
  }
  return values;
}

function checkUrl(code: string, name: string, value: string, config: PlatformConfig): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ChannelError('CHANNEL_NOT_CONFIGURED', `${code}: ${name} "${value}" is not a URL`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (config.mode === 'production' && (url.protocol !== 'https:' || local)) {
    throw new ChannelError('CHANNEL_NOT_CONFIGURED', `${code}: ${name} must be the channel's https address in production, not ${value}`);
  }
  return value.replace(/\/$/, '');
}

function checkKeys(code: string, keys: Record<string, { value: string; kind: 'private' | 'public' | 'certificate' }>): void {
  for (const [name, { value, kind }] of Object.entries(keys)) {
    try {
      if (kind === 'private') createPrivateKey(value);
      else if (kind === 'public') createPublicKey(value);
      else new X509Certificate(value);
    } catch {
      throw new ChannelError('CHANNEL_NOT_CONFIGURED', `${code}: ${name} is not a PEM ${kind === 'certificate' ? 'certificate' : `${kind} key`}`);
    }
  }
}

const timeout = (env: NodeJS.ProcessEnv) => Math.max(1, paymentSettings(env).ZSB_PAYMENT_TIMEOUT_MS);

export function readAlipayConfig(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): AlipayConfig {
  const names = { appId: 'ZSB_ALIPAY_APP_ID', sellerId: 'ZSB_ALIPAY_SELLER_ID', privateKey: 'ZSB_ALIPAY_PRIVATE_KEY', alipayPublicKey: 'ZSB_ALIPAY_PUBLIC_KEY', gatewayUrl: 'ZSB_ALIPAY_GATEWAY_URL' } as const;
  const values = readVariables('ALIPAY', env, config, names, ['gatewayUrl']);
  if (!values) {
    const sandbox = sandboxCredentials(config.dataDir).alipay;
    return { appId: sandbox.appId, sellerId: sandbox.sellerId, privateKey: sandbox.appPrivateKey, alipayPublicKey: sandbox.alipayPublicKey, gatewayUrl: `${sandboxUrl(env)}/alipay/gateway.do`, timeoutMs: timeout(env) };
  }
  const result = {
    appId: values.appId,
    sellerId: values.sellerId,
    privateKey: pem(values.privateKey),
    alipayPublicKey: pem(values.alipayPublicKey),
    gatewayUrl: checkUrl('ALIPAY', names.gatewayUrl, values.gatewayUrl || PUBLISHED_GATEWAYS.ALIPAY, config),
    timeoutMs: timeout(env),
  };
  checkKeys('ALIPAY', { [names.privateKey]: { value: result.privateKey, kind: 'private' }, [names.alipayPublicKey]: { value: result.alipayPublicKey, kind: 'public' } });
  return result;
}

export function readUnionPayConfig(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): UnionPayConfig {
  const names = {
    merId: 'ZSB_UNIONPAY_MER_ID',
    signKey: 'ZSB_UNIONPAY_SIGN_KEY',
    signCert: 'ZSB_UNIONPAY_SIGN_CERT',
    rootCert: 'ZSB_UNIONPAY_ROOT_CERT',
    middleCert: 'ZSB_UNIONPAY_MIDDLE_CERT',
    gatewayUrl: 'ZSB_UNIONPAY_GATEWAY_URL',
    fileUrl: 'ZSB_UNIONPAY_FILE_URL',
  } as const;
  const values = readVariables('UNIONPAY', env, config, names, ['gatewayUrl', 'fileUrl']);
  const urls = (gateway: string, file: string) => ({
    frontTransUrl: `${gateway}/gateway/api/frontTransReq.do`,
    backTransUrl: `${gateway}/gateway/api/backTransReq.do`,
    queryTransUrl: `${gateway}/gateway/api/queryTrans.do`,
    fileTransUrl: file,
  });
  if (!values) {
    const sandbox = sandboxCredentials(config.dataDir).unionpay;
    const base = `${sandboxUrl(env)}/unionpay`;
    return { merId: sandbox.merId, signKey: sandbox.merchantKey, signCert: sandbox.merchantCert, rootCert: sandbox.rootCert, middleCert: sandbox.middleCert, ...urls(base, `${base}/filedownload`), timeoutMs: timeout(env) };
  }
  const result = {
    merId: values.merId,
    signKey: pem(values.signKey),
    signCert: pem(values.signCert),
    rootCert: pem(values.rootCert),
    middleCert: pem(values.middleCert),
    ...urls(checkUrl('UNIONPAY', names.gatewayUrl, values.gatewayUrl || PUBLISHED_GATEWAYS.UNIONPAY, config), checkUrl('UNIONPAY', names.fileUrl, values.fileUrl || 'https://filedownload.95516.com', config)),
    timeoutMs: timeout(env),
  };
  checkKeys('UNIONPAY', {
    [names.signKey]: { value: result.signKey, kind: 'private' },
    [names.signCert]: { value: result.signCert, kind: 'certificate' },
    [names.rootCert]: { value: result.rootCert, kind: 'certificate' },
    [names.middleCert]: { value: result.middleCert, kind: 'certificate' },
  });
  return result;
}

export function readCebConfig(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): CebConfig {
  const names = { merchantId: 'ZSB_CEB_MERCHANT_ID', privateKey: 'ZSB_CEB_PRIVATE_KEY', bankPublicKey: 'ZSB_CEB_BANK_PUBLIC_KEY', gatewayUrl: 'ZSB_CEB_GATEWAY_URL', billUrl: 'ZSB_CEB_BILL_URL' } as const;
  const values = readVariables('CEB', env, config, names, ['gatewayUrl', 'billUrl']);
  if (!values) {
    const sandbox = sandboxCredentials(config.dataDir).ceb;
    const base = `${sandboxUrl(env)}/ceb`;
    return { merchantId: sandbox.merchantId, privateKey: sandbox.merchantPrivateKey, bankPublicKey: sandbox.bankPublicKey, payUrl: `${base}/per/preEpayLogin.do`, queryUrl: `${base}/per/QueryMerchantEpay.do`, billUrl: `${base}/per/MerchantBill.do`, timeoutMs: timeout(env) };
  }
  const gateway = checkUrl('CEB', names.gatewayUrl, values.gatewayUrl || PUBLISHED_GATEWAYS.CEB, config);
  const result = {
    merchantId: values.merchantId,
    privateKey: pem(values.privateKey),
    bankPublicKey: pem(values.bankPublicKey),
    payUrl: `${gateway}/per/preEpayLogin.do`,
    queryUrl: `${gateway}/per/QueryMerchantEpay.do`,
    billUrl: values.billUrl ? checkUrl('CEB', names.billUrl, values.billUrl, config) : undefined,
    timeoutMs: timeout(env),
  };
  checkKeys('CEB', { [names.privateKey]: { value: result.privateKey, kind: 'private' }, [names.bankPublicKey]: { value: result.bankPublicKey, kind: 'public' } });
  return result;
}
