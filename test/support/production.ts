import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@zsb/platform';
import { readGatewayConfig } from '../../gateway/src/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway.ts';

/** What a production gateway and subgraphs need set before they start: their secrets and providers' addresses. */
export interface ProductionSetting {
  dataDir: string;
  callerSecret: Buffer;
  /** The environment of a production process: mode, data folder, caller secret, token key, speech provider. */
  secrets: Record<string, string>;
}

/** A fresh data folder and the secrets production requires, as an operator would set them. */
export function productionSetting(prefix: string): ProductionSetting {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const callerSecret = randomBytes(32);
  const secrets = {
    ZSB_MODE: 'production',
    ZSB_DATA_DIR: dataDir,
    ZSB_CALLER_SECRET: callerSecret.toString('base64'),
    ZSB_TOKEN_PUBLIC_KEY: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string,
    ZSB_SPEECH_HTTP_URL: 'https://asr.invalid/v1',
    ZSB_SPEECH_HTTP_TOKEN: 'unused',
    PORT: '0',
  };
  return { dataDir, callerSecret, secrets };
}

/** A gateway in production mode on a free port; `stop` also removes its data folder. */
export async function startProductionGateway(setting: ProductionSetting): Promise<{ gateway: RunningGateway; stop(): Promise<void> }> {
  const gateway = await startGateway(readGatewayConfig({ ...setting.secrets }), createLogger({}, true));
  return {
    gateway,
    async stop() {
      await gateway.stop();
      fs.rmSync(setting.dataDir, { recursive: true, force: true });
    },
  };
}
