/** The launcher's settings, and every declared setting of the platform in one place (for the up-front check and the README). */
import { CLOCK_SETTINGS, KEY_SETTINGS, onOff, PLATFORM_SETTINGS, STORAGE_SETTINGS, SUBGRAPH_SETTINGS } from '@zsb/platform';
import { RULE_SETTINGS } from '@zsb/rules';
import { GATEWAY_SETTINGS } from '../../gateway/src/config.ts';
import { PHOTO_CHECK_SETTINGS } from '../../subgraphs/candidates/src/modules/photo-check/settings.ts';
import { ROSTER_SETTINGS } from '../../subgraphs/candidates/src/modules/roster/roster-file.ts';
import { SMS_SETTINGS } from '../../subgraphs/candidates/src/modules/verification/sms-provider.ts';
import { UPLOAD_SETTINGS } from '../../subgraphs/candidates/src/modules/upload/upload.settings.ts';
import { SPEECH_SETTINGS } from '../../subgraphs/exams/src/modules/voice-fill/providers/speech-recognizer.ts';
import { PAYMENT_SETTINGS } from '../../subgraphs/payments/src/modules/channels/channel.config.ts';
import { SUPERVISOR_SETTINGS } from './supervisor.ts';

/** What `npm start` itself reads besides the supervision settings. */
export const LAUNCHER_SETTINGS = {
  ZSB_SEED_DEMO: onOff({ default: true, desc: '0 skips the first-run demonstration data' }),
  ZSB_SKIP_WEB_BUILD: onOff({ default: false, desc: '1 starts without (re)building the web client' }),
};

/** Each group of declarations by what reads it; a name belongs to one group only. */
export const SETTINGS_GROUPS = {
  platform: PLATFORM_SETTINGS,
  keys: KEY_SETTINGS,
  clock: CLOCK_SETTINGS,
  subgraphs: SUBGRAPH_SETTINGS,
  rules: RULE_SETTINGS,
  sms: SMS_SETTINGS,
  roster: ROSTER_SETTINGS,
  photoChecks: PHOTO_CHECK_SETTINGS,
  storage: STORAGE_SETTINGS,
  uploads: UPLOAD_SETTINGS,
  payments: PAYMENT_SETTINGS,
  speech: SPEECH_SETTINGS,
  gateway: GATEWAY_SETTINGS,
  supervisor: SUPERVISOR_SETTINGS,
  launcher: LAUNCHER_SETTINGS,
};

/** Every setting any platform process reads: the launcher checks them all before it starts anything. */
export const PLATFORM_PROCESS_SETTINGS = { ...PLATFORM_SETTINGS, ...KEY_SETTINGS, ...CLOCK_SETTINGS, ...SUBGRAPH_SETTINGS, ...RULE_SETTINGS, ...SMS_SETTINGS, ...ROSTER_SETTINGS, ...PHOTO_CHECK_SETTINGS, ...STORAGE_SETTINGS, ...UPLOAD_SETTINGS, ...PAYMENT_SETTINGS, ...SPEECH_SETTINGS, ...GATEWAY_SETTINGS, ...SUPERVISOR_SETTINGS, ...LAUNCHER_SETTINGS };
