import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RuleSet } from '@zsb/rules';

export enum LoginFactor {
  PASSWORD = 'PASSWORD',
  CAPTCHA = 'CAPTCHA',
  SMS = 'SMS',
}
registerEnumType(LoginFactor, { name: 'LoginFactor', description: 'What sign-in asks for: password, image captcha (图片验证码), SMS code (短信验证码).' });

export enum PasswordResetFlow {
  PHONE_AND_SMS = 'PHONE_AND_SMS',
  MASKED_PHONE = 'MASKED_PHONE',
}
registerEnumType(PasswordResetFlow, {
  name: 'PasswordResetFlow',
  description: 'PHONE_AND_SMS: ID, phone, SMS code and new password on one page. MASKED_PHONE: ID and captcha first, then the masked phone, SMS code and new password.',
});

@ObjectType({ description: 'An accepted ID document type (证件类型).' })
export class IdTypeOption {
  @Field(() => String, { description: 'e.g. `RESIDENT_ID`.' })
  code: string;

  @Field(() => String, { description: 'e.g. 居民身份证.' })
  name: string;

  @Field(() => String, { description: 'What a valid number looks like, for the form.' })
  hint: string;

  @Field(() => Boolean, { description: 'The number is checked as GB 11643 (area, birth date, check character): clients run the same check (`@zsb/platform/id-number`).' })
  checkDigit: boolean;

  @Field(() => String, { nullable: true, description: 'A regular expression a number of this type must match, when it is not checked as GB 11643.' })
  pattern?: string | null;
}

@ObjectType({ description: 'A text a candidate agrees to (用户隐私政策, 用户服务协议).' })
export class PolicyDocument {
  @Field(() => String)
  title: string;

  @Field(() => String)
  text: string;
}

@ObjectType({ description: 'How a province registers candidate accounts.' })
export class RegistrationPolicy {
  @Field(() => Boolean, { description: 'Only ID numbers on the roster (考生名单) may register.' })
  requiresRoster: boolean;

  @Field(() => Boolean, { description: 'The form has an image captcha.' })
  captcha: boolean;

  @Field(() => Boolean, { description: 'The candidate must tick the consent box.' })
  consentRequired: boolean;

  @Field(() => String, { nullable: true })
  consentLabel?: string;

  @Field(() => [PolicyDocument])
  consentDocuments: PolicyDocument[];

  @Field(() => String, { nullable: true, description: 'A hint shown on the page.' })
  notice?: string;
}

@ObjectType({ description: "A province's password rule." })
export class PasswordPolicy {
  @Field(() => Int)
  minLength: number;

  @Field(() => Int)
  maxLength: number;

  @Field(() => [String], { description: 'Character classes required: digit, letter, lowercase, uppercase, special.' })
  requirements: string[];

  @Field(() => String, { description: 'The rule as candidates read it.' })
  description: string;
}

@ObjectType({ description: "What a province's account screens ask for, read by clients to build their forms." })
export class AccountPolicy {
  @Field(() => String)
  province: string;

  @Field(() => String)
  provinceName: string;

  @Field(() => Int)
  examYear: number;

  @Field(() => String, { description: "The exam's official name, shown as the page title." })
  title: string;

  @Field(() => String)
  authority: string;

  @Field(() => String, { description: 'Content hash of the rule set version in force.' })
  ruleSetHash: string;

  @Field(() => [IdTypeOption], { description: 'Accepted ID types, the default first.' })
  idTypes: IdTypeOption[];

  @Field(() => RegistrationPolicy)
  registration: RegistrationPolicy;

  @Field(() => PasswordPolicy)
  password: PasswordPolicy;

  @Field(() => [LoginFactor])
  loginFactors: LoginFactor[];

  @Field(() => [String], { description: 'Notices shown beside the sign-in form (注意事项).' })
  loginNotices: string[];

  @Field(() => PasswordResetFlow)
  passwordResetFlow: PasswordResetFlow;

  @Field(() => Boolean, { description: 'The first recovery step asks for an image captcha.' })
  passwordResetCaptcha: boolean;

  @Field(() => Boolean, { description: 'A solved image captcha is needed before an SMS code is sent.' })
  smsCaptchaBeforeSending: boolean;
}

export function toAccountPolicy(set: RuleSet): AccountPolicy {
  const a = set.accounts;
  const m = set.manifest;
  return {
    province: m.province,
    provinceName: m.provinceName,
    examYear: m.examYear,
    title: m.title,
    authority: m.authority,
    ruleSetHash: set.contentHash,
    idTypes: a.idTypes.map((t) => ({
      code: t.code,
      name: t.name,
      hint: t.format === 'gb11643' ? '18位，最后一位可为X' : t.format.hint,
      checkDigit: t.format === 'gb11643',
      pattern: t.format === 'gb11643' ? null : t.format.pattern,
    })),
    registration: {
      requiresRoster: a.registration.requiresRoster,
      captcha: a.registration.captcha,
      consentRequired: a.registration.privacyConsent.required,
      consentLabel: a.registration.privacyConsent.label,
      consentDocuments: a.registration.privacyConsent.documents ?? [],
      notice: a.registration.notice,
    },
    password: { minLength: a.password.minLength, maxLength: a.password.maxLength, requirements: a.password.require, description: a.password.description },
    loginFactors: a.login.factors.map((f) => f.toUpperCase() as LoginFactor),
    loginNotices: a.login.notices ?? [],
    passwordResetFlow: a.passwordReset.shape as PasswordResetFlow,
    passwordResetCaptcha: a.passwordReset.captcha,
    smsCaptchaBeforeSending: a.sms.captchaBeforeSending,
  };
}
