import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Refusal, recordAudit, STAFF_ROLES, type Caller, type StaffRole } from '@zsb/platform';
import type { PasswordHasher } from '../account/password-hasher.ts';
import type { RateLimiter } from '../verification/rate-limiter.ts';
import type { IssuedTokens, SessionService } from '../session/session.service.ts';
import { StaffMember } from './staff-member.entity.ts';

const LOGIN_FAILURES_PER_USER = { max: 5, windowSeconds: 900 };
const LOGIN_FAILURES_PER_ADDRESS = { max: 30, windowSeconds: 900 };

export interface NewStaffMember {
  username: string;
  displayName?: string;
  role: StaffRole;
  province?: string;
  collegeCode?: string;
}

/** A password staff can type from a printout: 16 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  return `${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}#9`;
}

export class StaffService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly sessions: SessionService,
  ) {}

  /** Creates a member with a generated password, returned once. Audited. */
  async create(input: NewStaffMember, by: Caller | { cli: string }): Promise<{ member: StaffMember; password: string }> {
    if (!/^[a-z][a-z0-9._-]{2,59}$/.test(input.username)) throw new Refusal('USERNAME_INVALID', '用户名须以小写字母开头，3-60位小写字母、数字、点、下划线或连字符', 'username');
    if (!STAFF_ROLES.includes(input.role)) throw new Refusal('ROLE_INVALID', `角色须为 ${STAFF_ROLES.join(', ')}`, 'role');
    if (input.role !== 'ADMIN' && !input.province) throw new Refusal('PROVINCE_REQUIRED', '除系统管理员外须指定省份', 'province');
    if (input.role === 'COLLEGE_REVIEWER' && !input.collegeCode) throw new Refusal('COLLEGE_REQUIRED', '院校审核员须指定院校代码', 'collegeCode');
    if (await this.em.count(StaffMember, { username: input.username })) throw new Refusal('USERNAME_TAKEN', '该用户名已存在', 'username');
    const password = generatePassword();
    const member = this.em.create(StaffMember, {
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: input.role,
      province: input.province,
      collegeCode: input.role === 'COLLEGE_REVIEWER' ? input.collegeCode : undefined,
      passwordHash: await this.passwords.hash(password),
      createdAt: new Date(),
    });
    this.em.persist(member);
    recordAudit(this.em, by, 'staff.create', { type: 'StaffMember', id: member.id }, { username: member.username, role: member.role, province: member.province, collegeCode: member.collegeCode });
    await this.em.flush();
    return { member, password };
  }

  async logIn(username: string, password: string, caller: Caller): Promise<{ member: StaffMember; tokens: IssuedTokens }> {
    if (!username?.trim() || !password) throw new Refusal('CREDENTIALS_REQUIRED', '请输入用户名和密码');
    const bucket = `staff-login-fail:${username.trim().toLowerCase()}`;
    const addressBucket = `login-fail-ip:${caller.clientIp}`;
    const locked = await this.limiter.peek(bucket, LOGIN_FAILURES_PER_USER);
    if (!locked.allowed) throw new Refusal('LOGIN_LOCKED', `密码错误次数过多，请${Math.ceil(locked.retryAfterSeconds / 60)}分钟后再试`, undefined, { retryAfterSeconds: locked.retryAfterSeconds });
    const busy = await this.limiter.peek(addressBucket, LOGIN_FAILURES_PER_ADDRESS);
    if (!busy.allowed) throw new Refusal('TOO_MANY_REQUESTS', '登录尝试过于频繁，请稍后再试', undefined, { retryAfterSeconds: busy.retryAfterSeconds });
    const member = await this.em.findOne(StaffMember, { username: username.trim().toLowerCase(), disabledAt: null }, { populate: ['passwordHash'] });
    const ok = member ? await this.passwords.verify(member.passwordHash, password) : await this.passwords.verifyNothing(password);
    if (!member || !ok) {
      await this.limiter.hit(bucket, LOGIN_FAILURES_PER_USER);
      await this.limiter.hit(addressBucket, LOGIN_FAILURES_PER_ADDRESS);
      throw new Refusal('INVALID_CREDENTIALS', '用户名或密码错误', 'password');
    }
    await this.limiter.clear(bucket);
    return this.em.transactional(async (tx) => {
      const tokens = await this.sessions.open(tx, principalOf(member), caller.clientIp);
      recordAudit(tx, { ...caller, principal: { ...principalOf(member), sessionId: '' } }, 'staff.sign-in', { type: 'StaffMember', id: member.id });
      return { member, tokens };
    });
  }

  byId(id: string): Promise<StaffMember | null> {
    return this.em.findOne(StaffMember, { id, disabledAt: null });
  }
}

export function principalOf(member: StaffMember) {
  return { kind: 'staff' as const, staffId: member.id, role: member.role, province: member.province, collegeCode: member.collegeCode };
}
