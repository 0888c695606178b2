/**
 * The payment sandbox as a process of its own: `npm start` runs it in development (never in production), on
 * `ZSB_PAYMENT_SANDBOX_PORT` (4190).
 */
import { createLogger, intSetting, readPlatformConfig, runService } from '@zsb/platform';
import { DEFAULT_SANDBOX_PORT } from '../modules/channels/channel.config.ts';
import { startPaymentSandbox } from './sandbox.ts';

const config = readPlatformConfig();
const log = createLogger({ service: 'payment-sandbox' });
if (config.mode === 'production') {
  log.error('the payment sandbox never runs in production');
  process.exit(1);
}
const scale = Number(process.env.ZSB_PAYMENT_SANDBOX_TIME_SCALE || '1');
if (!(scale > 0)) {
  log.error(`ZSB_PAYMENT_SANDBOX_TIME_SCALE must be a number above 0, not "${process.env.ZSB_PAYMENT_SANDBOX_TIME_SCALE}"`);
  process.exit(1);
}
await runService({
  name: 'payment-sandbox',
  log,
  portSetting: 'ZSB_PAYMENT_SANDBOX_PORT',
  start: () =>
    startPaymentSandbox({
      dataDir: config.dataDir,
      port: intSetting(process.env, 'ZSB_PAYMENT_SANDBOX_PORT', DEFAULT_SANDBOX_PORT),
      host: process.env.ZSB_HOST ?? '127.0.0.1',
      publicUrl: process.env.ZSB_PAYMENT_SANDBOX_URL || undefined,
      timeScale: scale,
      log,
    }),
});
