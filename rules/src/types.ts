/** TypeScript views of the rule files; the JSON Schemas in `rules/schema/` are the authority. */

export interface PolicyReference {
  /** A key of the rule set's `references`. */
  document: string;
  section?: string;
  /** Where the document is unclear: what was chosen and why. */
  choice?: string;
}

export interface RuleSetManifest {
  province: string;
  provinceName: string;
  examYear: number;
  title: string;
  authority: string;
  channel?: 'mobile' | 'web';
  effective: { from: string; until?: string };
  references: Record<string, { title: string; date?: string; source?: string }>;
  notes?: string[];
}

export type IdTypeCode = 'RESIDENT_ID' | 'HMT_RESIDENCE_PERMIT' | 'HK_MACAO_PERMIT' | 'TAIWAN_PERMIT' | 'PASSPORT';

export interface IdTypeRule {
  code: IdTypeCode;
  name: string;
  format: 'gb11643' | { pattern: string; hint: string };
}

export type PasswordRequirement = 'digit' | 'letter' | 'lowercase' | 'uppercase' | 'special';
export type LoginFactor = 'password' | 'captcha' | 'sms';
export type PasswordResetShape = 'PHONE_AND_SMS' | 'MASKED_PHONE';

export interface AccountPolicy {
  idTypes: IdTypeRule[];
  registration: {
    requiresRoster: boolean;
    rosterMissingMessage?: string;
    captcha: boolean;
    privacyConsent: { required: boolean; label?: string; documents?: { title: string; text: string }[] };
    notice?: string;
    reference: PolicyReference;
  };
  password: {
    minLength: number;
    maxLength: number;
    require: PasswordRequirement[];
    description: string;
    reference: PolicyReference;
  };
  login: { factors: LoginFactor[]; notices?: string[]; reference: PolicyReference };
  passwordReset: { shape: PasswordResetShape; captcha: boolean; reference: PolicyReference };
  sms: { captchaBeforeSending: boolean; signature?: string };
}

export interface RosterPolicy {
  tracks: { code: string; name: string; aliases?: string[] }[];
  reference: PolicyReference;
}

/** One province's complete policy for one exam year, as loaded and validated. */
export interface RuleSet {
  /** `<province>/<examYear>`, e.g. `CN-SD/2023`. */
  id: string;
  manifest: RuleSetManifest;
  accounts: AccountPolicy;
  /** What the roster holds; present where registration needs the roster. */
  roster?: RosterPolicy;
  /** SHA-256 over the rule set's files (canonical JSON): the version that any recorded decision cites. */
  contentHash: string;
  /** The folder it was loaded from. */
  folder: string;
}
