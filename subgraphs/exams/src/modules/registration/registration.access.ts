import type { FilterQuery } from '@mikro-orm/core';
import { forbidden, type Principal } from '@zsb/platform';
import type { Registration } from './registration.entity.ts';

/** The partner scope that reads registrations (of the key's province, personal values masked). */
export const REGISTRATIONS_SCOPE = 'registrations.read';

/**
 * Which registrations a caller reaches: a candidate their own; a college reviewer their college's in their province;
 * other staff their province's (an administrator every one); a partner key with `registrations.read` its province's
 * (every province's when the key names none); a platform service every one. Nobody else any.
 */
export function reaches(principal: Principal): (registration: Pick<Registration, 'accountId' | 'province' | 'collegeCode'>) => boolean {
  switch (principal.kind) {
    case 'candidate':
      return (r) => r.accountId === principal.accountId;
    case 'staff':
      if (principal.role === 'ADMIN') return () => true;
      if (principal.role === 'COLLEGE_REVIEWER') return (r) => r.province === principal.province && !!principal.collegeCode && r.collegeCode === principal.collegeCode;
      return (r) => r.province === principal.province;
    case 'partner':
      if (!principal.scopes.includes(REGISTRATIONS_SCOPE)) return () => false;
      return (r) => !principal.province || r.province === principal.province;
    case 'service':
      return () => true;
    default:
      return () => false;
  }
}

/** The same reach as a query filter, for lists and counts; refuses callers who reach none. */
export function scopeFilter(principal: Principal): FilterQuery<Registration> {
  switch (principal.kind) {
    case 'staff':
      if (principal.role === 'ADMIN') return {};
      if (!principal.province) throw forbidden('没有可查看的报名范围');
      if (principal.role === 'COLLEGE_REVIEWER') {
        if (!principal.collegeCode) throw forbidden('没有可查看的报名范围');
        return { province: principal.province, collegeCode: principal.collegeCode };
      }
      return { province: principal.province };
    case 'partner':
      if (!principal.scopes.includes(REGISTRATIONS_SCOPE)) throw forbidden();
      return principal.province ? { province: principal.province } : {};
    case 'service':
      return {};
    default:
      throw forbidden();
  }
}

/** Partners see personal values masked. */
export function seesPersonalData(principal: Principal): boolean {
  return principal.kind !== 'partner';
}
