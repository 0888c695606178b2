import { describe, expect, it } from 'vitest';
import { Refusal } from '@zsb/platform';
import { PasswordCheckGuard } from './password-check-guard.ts';

describe('one password check per request', () => {
  it('the first claim passes and every later claim on the same guard is refused with its code', () => {
    const guard = new PasswordCheckGuard();
    expect(() => guard.claim()).not.toThrow();
    for (let i = 0; i < 3; i++) {
      const refusal = (() => {
        try {
          guard.claim();
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(Refusal);
      expect((refusal as Refusal).error.code).toBe('ONE_PASSWORD_CHECK_PER_REQUEST');
    }
  });

  it('another request has a guard of its own', () => {
    new PasswordCheckGuard().claim();
    expect(() => new PasswordCheckGuard().claim()).not.toThrow();
  });
});
