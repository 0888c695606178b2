/**
 * The development sandbox's identities and keys, on both sides of each channel: the merchant's (what the payments
 * subgraph signs with in development) and the channel's (what the sandbox signs with), plus a small certificate
 * hierarchy for UnionPay's certificate scheme (root → middle → UnionPay's signing certificate and the merchant's).
 * Generated once per data folder into `data/keys/payment-sandbox.json`; never used in production, never committed.
 */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { UNIONPAY_SIGNER } from '../modules/channels/unionpay.protocol.ts';

export interface SandboxCredentials {
  alipay: { appId: string; sellerId: string; appPrivateKey: string; appPublicKey: string; alipayPrivateKey: string; alipayPublicKey: string };
  unionpay: { merId: string; merchantKey: string; merchantCert: string; unionpayKey: string; unionpayCert: string; middleCert: string; rootCert: string };
  ceb: { merchantId: string; merchantPrivateKey: string; merchantPublicKey: string; bankPrivateKey: string; bankPublicKey: string };
}

export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'payment-sandbox.json');
}

const cache = new Map<string, SandboxCredentials>();

/** The sandbox credentials of a data folder, generated on first use (by whichever process comes first). */
export function sandboxCredentials(dataDir: string): SandboxCredentials {
  const file = credentialsFile(dataDir);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(generate(), null, 2), { mode: 0o600 });
    try {
      // A hard link fails when the file exists: two processes starting together agree on the first one written.
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  const credentials = JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxCredentials;
  cache.set(file, credentials);
  return credentials;
}

function keyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');

interface CertificateSpec {
  commonName: string;
  publicKey: string;
  issuerName: string;
  issuerKey: string;
  /** Decimal, as UnionPay shows serial numbers (`certId`). */
  serial: string;
  authority: boolean;
}

function certificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.publicKey);
  cert.serialNumber = BigInt(spec.serial).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  // UnionPay's CN holds Chinese: it must be a UTF8String (forge's types call the tag a class).
  const name = (commonName: string): forge.pki.CertificateField[] => [
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: 'Payment Sandbox (development only)' },
    { name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  ];
  cert.setSubject(name(spec.commonName));
  cert.setIssuer(name(spec.issuerName));
  cert.setExtensions(
    spec.authority
      ? [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]
      : [{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }],
  );
  cert.sign(forge.pki.privateKeyFromPem(spec.issuerKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function generate(): SandboxCredentials {
  const alipayApp = keyPair();
  const alipayPlatform = keyPair();
  const root = keyPair();
  const middle = keyPair();
  const unionpaySigner = keyPair();
  const merchantSigner = keyPair();
  const cebMerchant = keyPair();
  const cebBank = keyPair();
  const rootName = 'Payment Sandbox Root CA';
  const middleName = 'Payment Sandbox Middle CA';
  const merId = `777290058${digits(6)}`;
  return {
    alipay: {
      appId: `9021${digits(12)}`,
      sellerId: `2088${digits(12)}`,
      appPrivateKey: alipayApp.privateKey,
      appPublicKey: alipayApp.publicKey,
      alipayPrivateKey: alipayPlatform.privateKey,
      alipayPublicKey: alipayPlatform.publicKey,
    },
    unionpay: {
      merId,
      merchantKey: merchantSigner.privateKey,
      merchantCert: certificate({ commonName: `041@Z${merId}@沙箱商户@00000001`, publicKey: merchantSigner.publicKey, issuerName: middleName, issuerKey: middle.privateKey, serial: `6${digits(10)}`, authority: false }),
      unionpayKey: unionpaySigner.privateKey,
      unionpayCert: certificate({ commonName: `041@Z12400000@${UNIONPAY_SIGNER}@00000001`, publicKey: unionpaySigner.publicKey, issuerName: middleName, issuerKey: middle.privateKey, serial: `7${digits(10)}`, authority: false }),
      middleCert: certificate({ commonName: middleName, publicKey: middle.publicKey, issuerName: rootName, issuerKey: root.privateKey, serial: '2', authority: true }),
      rootCert: certificate({ commonName: rootName, publicKey: root.publicKey, issuerName: rootName, issuerKey: root.privateKey, serial: '1', authority: true }),
    },
    ceb: {
      merchantId: `3703${digits(8)}`,
      merchantPrivateKey: cebMerchant.privateKey,
      merchantPublicKey: cebMerchant.publicKey,
      bankPrivateKey: cebBank.privateKey,
      bankPublicKey: cebBank.publicKey,
    },
  };
}
