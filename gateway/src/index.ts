import 'reflect-metadata';
import { createLogger, runService } from '@zsb/platform';
import { readGatewayConfig } from './config.ts';
import { startGateway } from './gateway.ts';

const log = createLogger({ service: 'gateway' });
await runService({ name: 'gateway', log, portSetting: 'PORT', start: () => startGateway(readGatewayConfig(), log) });
