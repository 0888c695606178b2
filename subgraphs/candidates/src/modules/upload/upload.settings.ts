import { onOff, readSettings, wholeNumber } from '@zsb/platform';
import { str } from 'envalid';
import type { CleanedEnv } from 'envalid';

/** Uploads and the background jobs that follow them. */
export const UPLOAD_SETTINGS = {
  ZSB_UPLOAD_TOKEN_TTL_SECONDS: wholeNumber({ default: 1800, desc: 'how long an upload token opens an upload (start and resume)' }),
  ZSB_UPLOAD_INCOMING_DIR: str({ default: undefined, desc: 'where tus keeps the bytes of uploads still arriving (default <ZSB_DATA_DIR>/uploads-incoming); a folder every candidates replica shares lets any replica resume an upload' }),
  ZSB_UPLOAD_MAX_PIXELS: wholeNumber({ default: 40_000_000, desc: 'most pixels an uploaded image may have (width × height, read from its header before decoding)' }),
  ZSB_FILE_URL_TTL_SECONDS: wholeNumber({ default: 300, desc: 'how long a download address of a stored file stays valid' }),
  ZSB_JOB_WORKERS: onOff({ default: true, desc: '1 runs the upload jobs (face analysis, hand-over) in the candidates process; 0 leaves them to `npm run workers`' }),
  ZSB_JOB_CONCURRENCY: wholeNumber({ default: 2, desc: 'jobs of each kind one process runs at once' }),
  ZSB_JOB_POLL_MS: wholeNumber({ default: 1000, desc: 'how often a worker looks for due jobs' }),
};

export type UploadSettings = CleanedEnv<typeof UPLOAD_SETTINGS>;

export function readUploadSettings(env: NodeJS.ProcessEnv): UploadSettings {
  return readSettings(env, UPLOAD_SETTINGS);
}
