import { generateKeyPairSync, randomBytes, type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PlatformConfig } from './config.ts';

/**
 * The platform's secrets:
 * - the caller secret: the gateway seals the verified caller for subgraphs with it (HMAC), subgraphs check the seal;
 * - the `token` key pair: the candidates subgraph signs access tokens (the gateway holds only the public half);
 * - the personal-data keys (`data.keys`, `lookup.secret`): see `personal-data.ts`.
 */
export type KeyName = 'token';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Development files of the personal-data keyring: data keys (`id:base64` a line, current first) and lookup key. */
export const DATA_KEYS_FILE = 'data.keys';
export const LOOKUP_KEY_FILE = 'lookup.secret';

const envName = (name: KeyName, half: 'PRIVATE' | 'PUBLIC') => `ZSB_${name.toUpperCase()}_${half}_KEY`;

/**
 * Development and test generate each key once into the data folder so every process of one installation agrees.
 * Production never generates: the keys come from the environment (PEM), and a missing key stops start-up.
 */
export function ensureDevelopmentKeys(config: PlatformConfig): void {
  if (config.mode === 'production') return;
  const dir = path.join(config.dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretFile = path.join(dir, 'caller.secret');
  if (!fs.existsSync(secretFile)) writeAtomically(secretFile, randomBytes(32).toString('base64'));
  for (const name of ['token'] as const) {
    const file = path.join(dir, `${name}.pem`);
    if (fs.existsSync(file)) continue;
    const { privateKey } = generateKeyPairSync('ed25519');
    writeAtomically(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  }
  const dataKeys = path.join(dir, DATA_KEYS_FILE);
  if (!fs.existsSync(dataKeys)) writeAtomically(dataKeys, `${newDataKeyEntry()}\n`);
  const lookupKey = path.join(dir, LOOKUP_KEY_FILE);
  if (!fs.existsSync(lookupKey)) writeAtomically(lookupKey, randomBytes(32).toString('base64'));
}

/** A fresh personal-data key as a settings entry, `<id>:<base64>`; the id carries the date, so rotations read in order. */
export function newDataKeyEntry(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
}

/**
 * Development rotation: puts a new data key first in `data.keys` (older keys stay, so existing values still open)
 * and returns its id. Production keys live in `ZSB_DATA_KEYS`, which the operator edits.
 */
export function addDevelopmentDataKey(config: PlatformConfig): string {
  if (config.mode === 'production') throw new Error('production data keys come from ZSB_DATA_KEYS; put the new key first there');
  ensureDevelopmentKeys(config);
  const file = path.join(config.dataDir, 'keys', DATA_KEYS_FILE);
  const entry = newDataKeyEntry();
  writeAtomically(file, `${entry}\n${fs.readFileSync(file, 'utf8')}`);
  return entry.slice(0, entry.indexOf(':'));
}

function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** The caller secret (32 bytes or more): `ZSB_CALLER_SECRET` (base64), required in production. */
export function loadCallerSecret(config: PlatformConfig, env = process.env): Buffer {
  const value = env.ZSB_CALLER_SECRET;
  if (value) {
    const secret = Buffer.from(value, 'base64');
    if (secret.length < 32) throw new Error('ZSB_CALLER_SECRET must be at least 32 bytes, base64-encoded');
    return secret;
  }
  if (config.mode === 'production') throw new Error('ZSB_CALLER_SECRET is required in production');
  ensureDevelopmentKeys(config);
  return Buffer.from(fs.readFileSync(path.join(config.dataDir, 'keys', 'caller.secret'), 'utf8'), 'base64');
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
