/** TypeScript views of the rule files; the JSON Schemas in `rules/schema/` are the authority. */

export interface PolicyReference {
  /** A key of the rule set's `references`. */
  document: string;
  section?: string;
  /** Where the document is unclear: what was chosen and why. */
  choice?: string;
  /** The value is a stand-in: publishing refuses it until it is replaced or explicitly confirmed. */
  placeholder?: true;
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
  /** How candidates name the window in messages: 报名, 网上缴费, 资格审核, … */
  name: string;
  from: string;
  until: string;
  dailyHours?: { from: string; until: string };
  reference: PolicyReference;
}

export interface Listed<T> {
  items: T[];
  reference: PolicyReference;
}

export interface CandidateType {
  code: string;
  name: string;
  exempt: boolean;
  /** The roster track (roster.json) a candidate of this type is on, where the roster names tracks. */
  track?: string;
  description?: string;
}

export interface SubjectGroup {
  code: string;
  name: string;
  subjects: string[];
  majorScope: string[];
  /** 专科 majors whose graduates are offered this group: 6-digit 专业代码 or 4-digit 专业类 codes. */
  majorCodes?: string[];
}

/** Where an option list is limited by what the candidate's registration says. */
export interface OfferedBy {
  /** The field whose value selects options. */
  field: string;
  /** The parameter list the field's value is looked up in first (e.g. a college code → its city). */
  via?: 'colleges';
}

export interface Parameters {
  timeZone: 'Asia/Shanghai';
  windows: Record<string, Window>;
  candidateTypes: Listed<CandidateType>;
  colleges?: Listed<{ code: string; name: string; city: string }>;
  examCities?: Listed<{ code: string; name: string }> & { offeredBy?: OfferedBy[] };
  subjects?: Listed<{ code: string; name: string }>;
  subjectGroups?: Listed<SubjectGroup> & { offeredBy?: OfferedBy };
  feeItems: Listed<{ code: string; name: string; amountFen: number }> & { unit?: 'fen' };
  paymentChannels: Listed<{ code: string; name: string }> & { refundAfterPayment?: boolean; refundWhenReviewFails?: boolean; notices?: string[] };
}

export const STEP_CODES = [
  'NOTICE', 'PLEDGE', 'CANDIDATE_TYPE', 'PERSONAL_INFORMATION', 'PHOTO', 'MATERIALS', 'IDENTITY_CAPTURE',
  'EXAM_CHOICE', 'CONFIRMATION', 'PAYMENT', 'QUALIFICATION_REVIEW', 'PREVIEW', 'DONE',
] as const;
export type StepCode = (typeof STEP_CODES)[number];

export type ReviewerRole = 'COLLEGE_REVIEWER' | 'PROVINCE_REVIEWER';
/** When a change applies: after the field locks, while under review, once returned by a reviewer, after completion. */
export type ChangePhase = 'AFTER_LOCK' | 'DURING_REVIEW' | 'WHEN_RETURNED' | 'AFTER_COMPLETION';
/** EDIT: the candidate changes the value; CHANGE_REQUEST: a request with old and new value that a reviewer decides. */
export type ChangeRoute = 'EDIT' | 'CHANGE_REQUEST';

export interface FlowStepRule {
  code: StepCode;
  title: string;
  description?: string;
  numbered?: boolean;
  /** Fields that cannot change directly once this step is completed. */
  locks?: string[];
  /** The window (parameters.json) completing this step is allowed in; the flow's `window` when absent. */
  window?: string;
  /** Decisions taken and recorded when this step completes, in this order. */
  decides?: DecisionName[];
  /** CANDIDATE_TYPE: 是否免试 is asked before the type (field `exemptionClaimed`). */
  askExemption?: boolean;
  /** Labels of the fields the step asks (other than form fields), where the province words them its own way. */
  labels?: Record<string, string>;
  reference?: PolicyReference;
}

export interface ChangeRule {
  /** Field codes: form fields, step fields (examCity, subjectGroup, dualApplication, candidateType, exemptionClaimed, photo, idCardFront) or material codes. */
  fields: string[];
  phase: ChangePhase;
  route: ChangeRoute;
  /** Who decides a change request. */
  decidedBy?: ReviewerRole;
  /** Decisions taken again when the change is made. */
  redecide: DecisionName[];
  /** The window changes are accepted in; the flow's `window` when absent. */
  window?: string;
  reference: PolicyReference;
}

export interface ReviewStage {
  role: ReviewerRole;
  title: string;
  /** The field whose value routes a registration to a reviewer's queue (a college reviewer's college code). */
  routeBy?: string;
}

export interface ReviewPolicy {
  /** Qualification review (资格审核) stages, in order. */
  stages: ReviewStage[];
  /** What a reviewer may answer. `return` is absent where the province does not send registrations back for changes. */
  outcomes: {
    approve: { label: string };
    reject: { label: string; reasonRequired: boolean };
    return?: { label: string; reasonRequired: boolean };
  };
  /** Where a resubmitted registration is reviewed again. */
  resubmitTo: 'FIRST_STAGE' | 'SAME_STAGE';
  /** The window reviewers decide in. */
  window?: string;
  reference: PolicyReference;
}

export interface Flow {
  /** The window the registration steps are done in, unless a step names its own. */
  window: string;
  steps: FlowStepRule[];
  review?: ReviewPolicy;
  changes?: ChangeRule[];
  /** What every flow case starts from, unless the case says otherwise. */
  caseDefaults?: FlowCaseGiven;
  cases: FlowCase[];
  reference: PolicyReference;
}

/** The situation a flow case starts from. */
export interface FlowCaseGiven {
  /** When the given steps were done (ISO 8601 with offset). */
  at?: string;
  prefill?: Record<string, string>;
  facts?: Record<string, unknown>;
  /** Field values used as the input of the steps `completed` lists. */
  values?: Record<string, unknown>;
  /** Steps already completed, in flow order, each with the `values` it asks for (checked like any input). */
  completed?: StepCode[];
}

/** One thing done in a flow case, at a time; `refused` when it must be refused with that code (and field). */
export type FlowCaseAction = (
  | { do: 'show'; step: StepCode }
  | { do: 'complete'; step: StepCode; input?: Record<string, unknown> }
  | { do: 'pay' }
  | { do: 'review'; outcome: 'APPROVE' | 'REJECT' | 'RETURN'; role: ReviewerRole; reason?: string }
  | { do: 'change'; field: string; value: unknown; decidedBy?: ReviewerRole }
) & { at: string; refused?: { code: string; field?: string } };

export interface FlowCaseExpectation {
  status?: string;
  next?: StepCode | null;
  steps?: Partial<Record<StepCode, { status?: string; number?: string; asks?: string[]; label?: string; blockedBy?: string }>>;
  /** Outcomes of the decisions taken so far (matched as subsets). */
  decisions?: Partial<Record<DecisionName, Record<string, unknown>>>;
  /** Option codes offered for a field now. */
  options?: Record<string, string[]>;
  locked?: string[];
  editable?: string[];
  /** How each field may change now: `route` and, for a change request, who decides. */
  changeable?: Record<string, { route: ChangeRoute; decidedBy?: ReviewerRole } | null>;
  /** A field's value as shown (an option's name, 是/否). */
  display?: Record<string, string>;
}

export interface FlowCase {
  name: string;
  given?: FlowCaseGiven;
  actions?: FlowCaseAction[];
  /** When the plan is read. */
  at: string;
  expect: FlowCaseExpectation;
}

export interface FormField {
  code: string;
  label: string;
  type: 'text' | 'select' | 'date' | 'phone' | 'email' | 'postcode' | 'idNumber' | 'region' | 'textarea';
  required: boolean;
  options?: { code: string; name: string }[];
  optionsFrom?: 'examCities' | 'candidateTypes' | 'subjectGroups' | 'colleges' | 'provinces' | 'idTypes' | 'prefectures';
  validation?: { pattern?: string; minLength?: number; maxLength?: number; message?: string };
  readOnly?: boolean;
  prefill?: string;
  /** The step after which the value cannot change directly. */
  locksAt?: StepCode;
  hint?: string;
  reference?: PolicyReference;
}

/** A recording format accepted for voice fill, as recognised from the file's content. */
export type RecordingFormat = 'm4a' | 'aac' | 'mp3' | 'wav' | 'amr' | 'webm' | 'ogg';

/** 语音识别填报: filling the form from a recording of the candidate reading their information aloud. */
export interface VoiceFillRules {
  /** The longest recording accepted, in seconds, read from the file on the server. */
  maxSeconds: number;
  maxBytes: number;
  formats: RecordingFormat[];
  reference: PolicyReference;
}

export interface Form {
  fields: FormField[];
  /** Absent where the province does not offer voice fill. */
  voiceFill?: VoiceFillRules;
  reference: PolicyReference;
}

/** Thresholds of the automatic photo check (合规检测) and of the photo-to-ID comparison; see materials.schema.json. */
export interface PhotoChecks {
  /** Lowest detector confidence counted as a face (0–1). */
  minFaceScore: number;
  /** The face box's height as a share of the photo's height. */
  faceHeight: { min: number; max: number };
  /** Where the face's centre may sit, as shares of the photo's width and height. */
  position: { maxHorizontalOffset: number; minVerticalCentre: number; maxVerticalCentre: number };
  /** Largest tilt of the eye line, in degrees. */
  maxRollDegrees: number;
  /** Largest left-right turn: the nose tip's distance from the eyes' middle over the distance between the eyes. */
  maxYaw: number;
  /** Smallest mean eye aspect ratio (closed eyes measure lower). */
  minEyeOpenness: number;
  /** Smallest luminance spread inside the eyes over the face's, the lower eye (dark glasses or a covered eye measure lower). */
  minEyeContrast: number;
  /** The region beside and above the head: its median luminance (0–255), and the share of its pixels further than `clutterDifference` levels from that median. */
  background: { minLightness: number; clutterDifference: number; maxClutter: number };
  /** Smallest variance of the Laplacian of the face region scaled to 128 pixels wide. */
  minSharpness: number;
  /** Luminance of the middle of the face: mean bounds and the largest share of clipped pixels. */
  exposure: { minMean: number; maxMean: number; maxClipped: number };
  /** The photo's size in pixels and, where set, its width-to-height ratio. */
  dimensions: { minWidth: number; minHeight: number; maxWidth: number; maxHeight: number; aspectRatio?: number; aspectTolerance?: number };
  /** Largest descriptor distance between the ID card's face and the photo's still counted as the same person. */
  maxDistance: number;
  reference: PolicyReference;
}

export type PhotoRules = Materials['photo'];

export interface Materials {
  materials: { code: string; name: string; description?: string; formats: ('jpg' | 'png' | 'pdf')[]; maxBytes: number; unedited?: boolean; reference?: PolicyReference }[];
  photo: {
    kind: 'CAMERA_CAPTURE' | 'UPLOAD';
    /** The step that takes the photo asks the ID card's front too, before the photo. */
    idCardFront?: boolean;
    compliance?: 'AUTOMATIC' | 'MANUAL';
    identityComparison?: boolean;
    requirements: string[];
    formats?: ('jpg' | 'png')[];
    maxBytes?: number;
    /** Required where the check is automatic or the photo is compared with the ID card. */
    checks?: PhotoChecks;
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

export interface FactDeclaration {
  type: 'string' | 'boolean' | 'number' | 'array';
  description: string;
  enum?: unknown[];
  /** The decision cannot be taken without it. */
  required?: boolean;
  /** The decision cannot be taken without it when this condition holds (json-rules-engine condition). */
  requiredWhen?: Record<string, unknown>;
  /** Not given but looked up: the property of this name on the candidate type or subject group given. */
  derivedFrom?: 'candidateType' | 'subjectGroup';
}

export interface DecisionFile {
  decision: DecisionName;
  description: string;
  facts: Record<string, FactDeclaration>;
  combine: 'first' | 'collect' | 'sum';
  default?: Record<string, unknown>;
  rules: DecisionRule[];
  cases: { name: string; facts: Record<string, unknown>; expect: Record<string, unknown> }[];
}
