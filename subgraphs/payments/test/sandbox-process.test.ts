import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const entry = new URL('../src/sandbox/index.ts', import.meta.url).pathname;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-sandbox-process-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function start(mode: string) {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ZSB_MODE: mode, ZSB_DATA_DIR: dataDir, ZSB_PAYMENT_SANDBOX_PORT: '0', ZSB_LOG: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the payment sandbox process', () => {
  it('refuses to run in production', async () => {
    const sandbox = start('production');
    expect(await sandbox.exited).toBe(1);
    expect(sandbox.output()).toContain('the payment sandbox never runs in production');
  });

  it('in development reports ready to the launcher, answers /healthz and stops on SIGTERM', async () => {
    const sandbox = start('development');
    const ready = await new Promise<{ type: string; url: string }>((resolve, reject) => {
      sandbox.child.once('message', (message) => resolve(message as { type: string; url: string }));
      void sandbox.exited.then(() => reject(new Error(`exited: ${sandbox.output()}`)));
    });
    expect(ready).toMatchObject({ type: 'ready', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(await (await fetch(`${ready.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'payment-sandbox' });
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
  });
});
