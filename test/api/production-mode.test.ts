import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captchaAnswersFile, createLogger, newDataKeyEntry, sealedCallerHeader, startSubgraph } from '@zsb/platform';
import { candidates } from '../../subgraphs/candidates/src/subgraph.ts';
import { exams } from '../../subgraphs/exams/src/subgraph.ts';
import { readGatewayConfig } from '../../gateway/src/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway.ts';
import { productionSetting, startProductionGateway } from '../support/production.ts';
import { createSmsProvider } from '../../subgraphs/candidates/src/modules/verification/sms-provider.ts';

describe('production mode', () => {
  const setting = productionSetting('zsb-prod-');
  const { dataDir, secrets } = setting;
  let gateway: RunningGateway;
  let stopGateway: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ gateway, stop: stopGateway } = await startProductionGateway(setting));
  });
  afterAll(async () => {
    await stopGateway?.();
  });

  it('the gateway refuses to start without its secrets, and generates none', async () => {
    await expect(startGateway(readGatewayConfig({ ZSB_MODE: 'production', ZSB_DATA_DIR: dataDir, PORT: '0' }), createLogger({}, true))).rejects.toThrow(/ZSB_CALLER_SECRET is required in production/);
    await expect(startGateway(readGatewayConfig({ ...secrets, ZSB_TOKEN_PUBLIC_KEY: '' }), createLogger({}, true))).rejects.toThrow(/ZSB_TOKEN_PUBLIC_KEY is required in production/);
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });

  it('introspection is off', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { types { name } } }' }) });
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0].message).toMatch(/introspection/i);
  });

  it('the development SMS outbox and captcha answers are not served', async () => {
    expect((await fetch(`${gateway.url}/dev/sms`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/dev/sms.json`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/dev/captchas.json`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/dev/captchas.json?id=x`)).status).toBe(404);
  });

  it('a captcha issued in production leaves its answer nowhere but in the image', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const env = {
      ...secrets,
      DATABASE_URL: '',
      ZSB_TOKEN_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      ZSB_DATA_KEYS: newDataKeyEntry(),
      ZSB_LOOKUP_KEY: randomBytes(32).toString('base64'),
      ZSB_SMS_PROVIDER: 'http',
      ZSB_SMS_HTTP_URL: 'http://127.0.0.1:9/send',
      ZSB_SMS_HTTP_TOKEN: 't',
    };
    const subgraph = await startSubgraph(candidates, { config: { mode: 'production', dataDir }, env, port: 0, log: createLogger({}, true) });
    try {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...sealedCallerHeader(Buffer.from(secrets.ZSB_CALLER_SECRET, 'base64')) },
        body: JSON.stringify({ query: 'mutation { createCaptcha { captcha { id imageDataUrl } } }' }),
      });
      const body = (await response.json()) as { data: { createCaptcha: { captcha: { id: string; imageDataUrl: string } } } };
      expect(body.data.createCaptcha.captcha.imageDataUrl).toMatch(/^data:image\/png;base64,/);
      expect(fs.existsSync(captchaAnswersFile({ mode: 'production', dataDir }))).toBe(false);
    } finally {
      await subgraph.stop();
    }
  });

  it('the exams subgraph refuses a simulated clock: registration windows are read on real time', async () => {
    const env = { ...secrets, DATABASE_URL: '', ZSB_DATA_KEYS: newDataKeyEntry(), ZSB_LOOKUP_KEY: randomBytes(32).toString('base64'), ZSB_CLOCK: 'CN-SD=2023-04-01T10:00:00+08:00' };
    await expect(startSubgraph(exams, { config: { mode: 'production', dataDir }, env, port: 0, log: createLogger({}, true) })).rejects.toThrow(/ZSB_CLOCK is for development and tests only/);
  });

  it('a subgraph answers nothing to a request the gateway did not seal', async () => {
    const keys = { ZSB_DATA_KEYS: newDataKeyEntry(), ZSB_LOOKUP_KEY: randomBytes(32).toString('base64') };
    const subgraph = await startSubgraph(exams, { config: { mode: 'production', dataDir }, env: { ...secrets, ...keys, DATABASE_URL: '' }, port: 0, log: createLogger({}, true) });
    try {
      const response = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ provinces { code } }' }) });
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      expect(response.status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0].extensions?.code).toBe('CALLER_NOT_SEALED');
    } finally {
      await subgraph.stop();
    }
  });

  it('the candidates subgraph refuses to start without the personal-data keys, and generates none', async () => {
    const start = (env: Record<string, string>) => startSubgraph(candidates, { config: { mode: 'production', dataDir }, env: { ...secrets, DATABASE_URL: '', ...env }, port: 0, log: createLogger({}, true) });
    await expect(start({})).rejects.toThrow('ZSB_DATA_KEYS is required in production');
    await expect(start({ ZSB_DATA_KEYS: newDataKeyEntry() })).rejects.toThrow('ZSB_LOOKUP_KEY is required in production');
    await expect(start({ ZSB_DATA_KEYS: 'k1:c2hvcnQ=', ZSB_LOOKUP_KEY: randomBytes(32).toString('base64') })).rejects.toThrow(/ZSB_DATA_KEYS: data key "k1" must be 32 bytes/);
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });

  it('the exams subgraph refuses to start without a speech recogniser while a province offers voice fill', async () => {
    const { ZSB_SPEECH_HTTP_URL: _url, ZSB_SPEECH_HTTP_TOKEN: _token, ...withoutSpeech } = secrets;
    await expect(startSubgraph(exams, { config: { mode: 'production', dataDir }, env: { ...withoutSpeech, DATABASE_URL: '', ZSB_DATA_KEYS: newDataKeyEntry(), ZSB_LOOKUP_KEY: randomBytes(32).toString('base64') }, port: 0, log: createLogger({}, true) })).rejects.toThrow(/ZSB_SPEECH_HTTP_URL and ZSB_SPEECH_HTTP_TOKEN are required/);
  });

  it('the candidates subgraph refuses the development SMS outbox and needs a configured provider', () => {
    const config = { mode: 'production' as const, dataDir };
    expect(() => createSmsProvider(config, { ZSB_SMS_PROVIDER: 'outbox' })).toThrow(/development only/);
    expect(() => createSmsProvider(config, {})).toThrow(/ZSB_SMS_HTTP_URL and ZSB_SMS_HTTP_TOKEN are required/);
    expect(createSmsProvider(config, { ZSB_SMS_HTTP_URL: 'https://sms.internal/send', ZSB_SMS_HTTP_TOKEN: 't' }).name).toBe('http');
  });
});
