import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captchaAnswer, captchaAnswersFile, createLogger, loadCallerSecret, sealedCallerHeader, startSubgraph, type PlatformConfig, type RunningSubgraph } from '@zsb/platform';
import { candidates } from '../../subgraphs/candidates/src/subgraph.ts';

describe('development mode', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-dev-'));
  const config: PlatformConfig = { mode: 'development', dataDir };
  const env = { ZSB_MODE: 'development', ZSB_DATA_DIR: dataDir, DATABASE_URL: '', ZSB_LOG: 'silent' };
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(candidates, { config, env, port: 0, log: createLogger({}, true) });
  });
  afterAll(async () => {
    await subgraph?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (headers: Record<string, string>) =>
    fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on CandidateAccount { idNumber phone } } }',
        variables: { r: [{ __typename: 'CandidateAccount', id: '00000000-0000-4000-8000-000000000000' }] },
      }),
    });

  it('the candidates subgraph refuses `_entities` sent straight to its port without a seal, as in production', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions?.code).toBe('CALLER_NOT_SEALED');
    // A development tool seals its request with the installation's caller secret and is answered.
    const sealed = await post(sealedCallerHeader(loadCallerSecret(config, env)));
    expect(sealed.status).toBe(200);
    expect(await sealed.json()).toEqual({ data: { _entities: [null] } });
  });

  it('a captcha issued in development has its answer beside the SMS outbox, for scripts that play the candidate', async () => {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sealedCallerHeader(loadCallerSecret(config, env)) },
      body: JSON.stringify({ query: 'mutation { createCaptcha { captcha { id } } }' }),
    });
    const { id } = ((await response.json()) as { data: { createCaptcha: { captcha: { id: string } } } }).data.createCaptcha.captcha;
    expect(captchaAnswer(captchaAnswersFile(config), id)).toMatch(/^[a-zA-Z0-9]{4}$/);
    expect(captchaAnswer(captchaAnswersFile(config), 'never-issued')).toBeUndefined();
  });

  it('health and readiness answer probes without a seal', async () => {
    expect((await fetch(new URL('/healthz', subgraph.url))).status).toBe(200);
    expect((await fetch(new URL('/readyz', subgraph.url))).status).toBe(200);
  });
});
