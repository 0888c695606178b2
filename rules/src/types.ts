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
  parameters: Parameters;
  flow: Flow;
  form: Form;
  materials: Materials;
  texts: Texts;
  decisions: Record<DecisionName, DecisionFile>;
  /** SHA-256 over the rule set's files (canonical JSON): the version that any recorded decision cites. */
  contentHash: string;
  /** The folder it was loaded from. */
  folder: string;
}

export interface Window {
  from: string;
  until: string;
  dailyHours?: { from: string; until: string };
  reference: PolicyReference;
}

export interface Listed<T> {
  items: T[];
  reference: PolicyReference;
}

export interface Parameters {
  timeZone: 'Asia/Shanghai';
  windows: Record<string, Window>;
  candidateTypes: Listed<{ code: string; name: string; exempt: boolean; description?: string }>;
  examCities?: Listed<{ code: string; name: string }>;
  subjects?: Listed<{ code: string; name: string }>;
  subjectGroups?: Listed<{ code: string; name: string; subjects: string[]; majorScope: string[]; majorCodes?: string[] }>;
  feeItems: Listed<{ code: string; name: string; amountFen: number }> & { unit?: 'fen' };
  paymentChannels: Listed<{ code: string; name: string }> & { refundAfterPayment?: boolean; notices?: string[] };
}

export type StepCode =
  | 'NOTICE' | 'PLEDGE' | 'CANDIDATE_TYPE' | 'PERSONAL_INFORMATION' | 'PHOTO' | 'MATERIALS' | 'IDENTITY_CAPTURE'
  | 'EXAM_CHOICE' | 'CONFIRMATION' | 'PAYMENT' | 'QUALIFICATION_REVIEW' | 'PREVIEW' | 'DONE';

export interface Flow {
  steps: { code: StepCode; title: string; description?: string; numbered?: boolean; locks?: string[]; reference?: PolicyReference }[];
  reference: PolicyReference;
}

export interface FormField {
  code: string;
  label: string;
  type: 'text' | 'select' | 'date' | 'phone' | 'email' | 'postcode' | 'idNumber' | 'region' | 'textarea';
  required: boolean;
  options?: { code: string; name: string }[];
  optionsFrom?: 'examCities' | 'candidateTypes' | 'subjectGroups' | 'provinces' | 'idTypes';
  validation?: { pattern?: string; minLength?: number; maxLength?: number; message?: string };
  readOnly?: boolean;
  prefill?: string;
  locksAt?: 'CONFIRMATION' | 'PAYMENT';
  changeableAfterCompletion?: boolean;
  hint?: string;
  reference?: PolicyReference;
}

export interface Form {
  fields: FormField[];
  reference: PolicyReference;
}

export interface Materials {
  materials: { code: string; name: string; description?: string; formats: ('jpg' | 'png' | 'pdf')[]; maxBytes: number; unedited?: boolean; reference?: PolicyReference }[];
  photo: {
    kind: 'CAMERA_CAPTURE' | 'UPLOAD';
    idCardFront?: boolean;
    compliance?: 'AUTOMATIC' | 'MANUAL';
    identityComparison?: boolean;
    requirements: string[];
    formats?: ('jpg' | 'png')[];
    maxBytes?: number;
    reference?: PolicyReference;
  };
  reference: PolicyReference;
}

export interface Texts {
  texts: { code: 'NOTICE' | 'PLEDGE' | 'INTEGRITY_PLEDGE'; title: string; body: string[]; acknowledgement?: string; countdownSeconds?: number; downloadable?: boolean; reference: PolicyReference }[];
}

/** The decisions every rule set makes; the platform asks for them by these names. */
export const DECISIONS = ['applicationEligibility', 'examRequirement', 'dualApplication', 'requiredMaterials', 'feeQuote', 'paymentChannel'] as const;
export type DecisionName = (typeof DECISIONS)[number];

export interface DecisionRule {
  name: string;
  priority?: number;
  conditions: Record<string, unknown>;
  event: { type: string; params: Record<string, unknown> };
  reference: PolicyReference;
}

export interface DecisionFile {
  decision: DecisionName;
  description: string;
  facts: Record<string, { type: 'string' | 'boolean' | 'number' | 'array'; description: string; enum?: unknown[] }>;
  combine: 'first' | 'collect' | 'sum';
  default?: Record<string, unknown>;
  rules: DecisionRule[];
  cases: { name: string; facts: Record<string, unknown>; expect: Record<string, unknown> }[];
}
