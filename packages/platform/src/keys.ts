import { generateKeyPairSync, type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PlatformConfig } from './config.ts';

/**
 * The platform's two signing keys:
 * - `caller`: the gateway seals the verified caller for subgraphs (subgraphs hold only the public half);
 * - `token`: the candidates subgraph signs access tokens (the gateway holds only the public half).
 */
export type KeyName = 'caller' | 'token';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const envName = (name: KeyName, half: 'PRIVATE' | 'PUBLIC') => `ZSB_${name.toUpperCase()}_${half}_KEY`;

/**
 * Development and test generate each key once into the data folder so every process of one installation agrees.
 * Production never generates: the keys come from the environment (PEM), and a missing key stops start-up.
 */
export function ensureDevelopmentKeys(config: PlatformConfig): void {
  if (config.mode === 'production') return;
  const dir = path.join(config.dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of ['caller', 'token'] as const) {
    const file = path.join(dir, `${name}.pem`);
    if (fs.existsSync(file)) continue;
    const { privateKey } = generateKeyPairSync('ed25519');
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.renameSync(temp, file);
  }
}

export function loadPrivateKey(config: PlatformConfig, name: KeyName, env = process.env): KeyObject {
  const pem = env[envName(name, 'PRIVATE')];
  if (pem) return createPrivateKey(pem);
  if (config.mode === 'production') throw new Error(`${envName(name, 'PRIVATE')} is required in production`);
  ensureDevelopmentKeys(config);
  return createPrivateKey(fs.readFileSync(path.join(config.dataDir, 'keys', `${name}.pem`), 'utf8'));
}

export function loadPublicKey(config: PlatformConfig, name: KeyName, env = process.env): KeyObject {
  const pem = env[envName(name, 'PUBLIC')];
  if (pem) return createPublicKey(pem);
  if (config.mode === 'production') throw new Error(`${envName(name, 'PUBLIC')} is required in production`);
  return createPublicKey(loadPrivateKey(config, name, env));
}
