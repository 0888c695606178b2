import 'reflect-metadata';
import { createLogger } from '@zsb/platform';
import { readGatewayConfig } from './config.ts';
import { startGateway } from './gateway.ts';

const log = createLogger({ service: 'gateway' });
try {
  const running = await startGateway(readGatewayConfig(), log);
  process.send?.({ type: 'ready', service: 'gateway', url: running.url });
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (error) {
  log.error('failed to start', { error });
  process.exit(1);
}
