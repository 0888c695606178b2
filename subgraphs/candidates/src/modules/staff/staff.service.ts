import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Refusal, recordAudit, STAFF_ROLES, type Caller, type StaffRole } from '@zsb/platform';
import { countLoginAttempt, countLoginSuccess, loginBuckets } from '../account/account.service.ts';
import type { PasswordCheckGuard } from '../account/password-check-guard.ts';
import type { PasswordHasher } from '../account/password-hasher.ts';
import type { RateLimiter } from '../verification/rate-limiter.ts';
import type { IssuedTokens, SessionService } from '../session/session.service.ts';
import { StaffMember } from './staff-member.entity.ts';

/** Staff usernames: a lower-case letter first, so never an ID number or a phone. */
const USERNAME = /^[a-z][a-z0-9._-]{2,59}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    /** The request's one password check, shared with candidates' sign-in. */
    private readonly passwordCheck: PasswordCheckGuard,
  ) {}

  /** Creates a member with a generated password, returned once. Audited. */
  async create(input: NewStaffMember, by: Caller | { cli: string }): Promise<{ member: StaffMember; password: string }> {
    if (!USERNAME.test(input.username)) throw new Refusal('USERNAME_INVALID', '用户名须以小写字母开头，3-60位小写字母、数字、点、下划线或连字符', 'username');
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
    this.passwordCheck.claim();
    const name = username?.trim().toLowerCase() ?? '';
    if (!name || !password) throw new Refusal('CREDENTIALS_REQUIRED', '请输入用户名和密码');
    if (name.length > 60) throw new Refusal('INVALID_CREDENTIALS', '用户名或密码错误', 'password');
    const buckets = loginBuckets(`staff:${name}`, caller.clientIp);
    await countLoginAttempt(this.limiter, buckets, '密码错误次数过多');
    const member = await this.em.findOne(StaffMember, { username: name, disabledAt: null }, { populate: ['passwordHash'] });
    const ok = member ? await this.passwords.verify(member.passwordHash, password) : await this.passwords.verifyNothing(password);
    if (!member || !ok) {
      const audit = this.em.fork();
      // What was typed is kept only if it could be a username: a candidate's ID number or phone typed here is not.
      recordAudit(audit, caller, 'staff.sign-in-failed', { type: 'StaffMember', id: member?.id }, { username: USERNAME.test(name) ? name : null });
      await audit.flush();
      throw new Refusal('INVALID_CREDENTIALS', '用户名或密码错误', 'password');
    }
    await countLoginSuccess(this.limiter, buckets);
    return this.em.transactional(async (tx) => {
      const tokens = await this.sessions.open(tx, principalOf(member), caller.clientIp);
      recordAudit(tx, { ...caller, principal: { ...principalOf(member), sessionId: '' } }, 'staff.sign-in', { type: 'StaffMember', id: member.id });
      return { member, tokens };
    });
  }

  byId(id: string): Promise<StaffMember | null> {
    return this.em.findOne(StaffMember, { id, disabledAt: null });
  }

  /** Members by id, disabled ones included: what they did (e.g. a publication) still names them. */
  byIds(ids: readonly string[]): Promise<StaffMember[]> {
    const valid = ids.filter((id) => UUID.test(id));
    return valid.length ? this.em.find(StaffMember, { id: { $in: valid } }) : Promise.resolve([]);
  }
}

export function principalOf(member: StaffMember) {
  return { kind: 'staff' as const, staffId: member.id, role: member.role, province: member.province, collegeCode: member.collegeCode };
}
