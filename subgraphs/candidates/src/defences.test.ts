import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_ID, LOGIN_FAILURES_PER_ID_AND_ADDRESS } from './modules/account/account.service.ts';
import { SMS_CODE_LIFETIME_SECONDS, SMS_LIMITS, SMS_MAX_ATTEMPTS } from './modules/verification/sms.service.ts';

const architecture = fs.readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
const errors = fs.readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const defences = architecture.slice(architecture.indexOf('Defences, all province-independent'), architecture.indexOf('## Data'));

/** The numbers a sentence of the documentation states; fails when the sentence is gone. */
function stated(text: string, sentence: RegExp): number[] {
  const match = text.replace(/\s+/g, ' ').match(sentence);
  expect(match, `the documentation no longer says ${sentence}`).not.toBeNull();
  return match!.slice(1).map(Number);
}

const minutes = (limit: { windowSeconds: number }) => limit.windowSeconds / 60;

describe('the abuse limits in force are the ones docs/architecture.md and docs/errors.md state', () => {
  it('failed sign-ins: per ID from one address, per ID from all addresses, per address', () => {
    expect(stated(defences, /(\d+) failures for one ID from one address within (\d+) minutes/)).toEqual([LOGIN_FAILURES_PER_ID_AND_ADDRESS.max, minutes(LOGIN_FAILURES_PER_ID_AND_ADDRESS)]);
    expect(stated(defences, /(\d+) failures for one ID from all addresses together within (\d+) minutes/)).toEqual([LOGIN_FAILURES_PER_ID.max, minutes(LOGIN_FAILURES_PER_ID)]);
    expect(stated(defences, /(\d+) failed sign-ins per address per (\d+) minutes/)).toEqual([LOGIN_FAILURES_PER_ADDRESS.max, minutes(LOGIN_FAILURES_PER_ADDRESS)]);
    expect(stated(errors, /`LOGIN_LOCKED` \| (\d+) wrong passwords for this ID from this address, or (\d+) from all addresses, within (\d+) minutes; `retryAfterSeconds` \(at most (\d+)\)/)).toEqual([
      LOGIN_FAILURES_PER_ID_AND_ADDRESS.max,
      LOGIN_FAILURES_PER_ID.max,
      minutes(LOGIN_FAILURES_PER_ID),
      LOGIN_FAILURES_PER_ID.windowSeconds,
    ]);
    expect(stated(errors, /`TOO_MANY_REQUESTS` \| too many requests from one address: (\d+) failed sign-ins in (\d+) minutes, (\d+) SMS sends an hour/)).toEqual([
      LOGIN_FAILURES_PER_ADDRESS.max,
      minutes(LOGIN_FAILURES_PER_ADDRESS),
      SMS_LIMITS.perAddressHour.max,
    ]);
    // Locking one ID for everyone takes several addresses, which is what makes the per-address lock worth having.
    expect(LOGIN_FAILURES_PER_ID.max).toBeGreaterThan(LOGIN_FAILURES_PER_ID_AND_ADDRESS.max);
  });

  it('SMS codes: lifetime, guesses, resend interval, daily caps per phone and per ID number, hourly cap per address', () => {
    expect(stated(defences, /valid (\d+) minutes, (\d+) wrong guesses; one send per target a minute/)).toEqual([SMS_CODE_LIFETIME_SECONDS / 60, SMS_MAX_ATTEMPTS]);
    expect(SMS_LIMITS.perTargetMinute).toEqual({ max: 1, windowSeconds: 60 });
    expect(stated(defences, /(\d+) codes a day per phone number, whichever province or purpose asks/)).toEqual([SMS_LIMITS.perPhoneDay.max]);
    expect(stated(defences, /(\d+) sign-in or recovery codes a day per ID number in a province/)).toEqual([SMS_LIMITS.perIdDay.max]);
    expect(stated(defences, /(\d+) sends an hour per address/)).toEqual([SMS_LIMITS.perAddressHour.max]);
    expect([SMS_LIMITS.perPhoneDay.windowSeconds, SMS_LIMITS.perIdDay.windowSeconds, SMS_LIMITS.perAddressHour.windowSeconds]).toEqual([86_400, 86_400, 3_600]);
    expect(stated(errors, /(\d+) codes a day to this phone number \(any province, any purpose\) or (\d+) sign-in or recovery codes a day for this ID number/)).toEqual([
      SMS_LIMITS.perPhoneDay.max,
      SMS_LIMITS.perIdDay.max,
    ]);
  });
});
