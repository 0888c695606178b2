/**
 * The payment sandbox as a process of its own: `npm start` runs it in development (never in production), on
 * `ZSB_PAYMENT_SANDBOX_PORT` (4104).
 */
import { createLogger, PLATFORM_SETTINGS, readPlatformConfig, readSettings, runService, settingsOrExit } from '@zsb/platform';
import { paymentSettings } from '../modules/channels/channel.config.ts';
import { startPaymentSandbox } from './sandbox.ts';

const config = readPlatformConfig();
const log = createLogger({ service: 'payment-sandbox' });
if (config.mode === 'production') {
  log.error('the payment sandbox never runs in production');
  process.exit(1);
}
const settings = settingsOrExit(() => ({ ...paymentSettings(process.env), ...readSettings(process.env, { ZSB_HOST: PLATFORM_SETTINGS.ZSB_HOST }) }));
await runService({
  name: 'payment-sandbox',
  log,
  portSetting: 'ZSB_PAYMENT_SANDBOX_PORT',
  start: () =>
    startPaymentSandbox({
      dataDir: config.dataDir,
      port: settings.ZSB_PAYMENT_SANDBOX_PORT,
      host: settings.ZSB_HOST,
      publicUrl: settings.ZSB_PAYMENT_SANDBOX_URL || undefined,
      timeScale: settings.ZSB_PAYMENT_SANDBOX_TIME_SCALE,
      log,
    }),
});
