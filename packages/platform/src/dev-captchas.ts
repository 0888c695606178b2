import path from 'node:path';
import type { PlatformConfig } from './config.ts';
import { appendJsonLine, readJsonLinesTail } from './dev-files.ts';

/** An issued captcha's answer, written in development and tests only so scripts can read it as a person reads the image. */
export interface CaptchaAnswer {
  at: string;
  id: string;
  answer: string;
}

/** `<dataDir>/captcha-answers.jsonl`; never written in production (the answer itself is never stored in a database). */
export function captchaAnswersFile(config: PlatformConfig): string {
  return path.join(config.dataDir, 'captcha-answers.jsonl');
}

export function appendCaptchaAnswer(file: string, entry: CaptchaAnswer): void {
  appendJsonLine(file, entry);
}

/** The newest issued answers, newest first. */
export function recentCaptchaAnswers(file: string, limit = 100): CaptchaAnswer[] {
  return readJsonLinesTail<CaptchaAnswer>(file).reverse().slice(0, limit);
}

/** The answer of one issued captcha (captchas live five minutes, so the file's end holds every live one). */
export function captchaAnswer(file: string, id: string): string | undefined {
  return readJsonLinesTail<CaptchaAnswer>(file).findLast((entry) => entry.id === id)?.answer;
}
