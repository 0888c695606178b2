/**
 * The rule files' TypeScript types, generated from rules/schema/*.schema.json by json-schema-to-typescript.
 * Do not edit: change the schema and run `npm run codegen:rules` (`npm run check:rules-types` fails when stale).
 */

export type DecisionName =
  'applicationEligibility' | 'examRequirement' | 'dualApplication' | 'requiredMaterials' | 'feeQuote' | 'paymentChannel';
/**
 * A json-rules-engine condition: all, any or not of conditions, or a shared condition of facts.json by name.
 */
export type ConditionTree =
  | {
      all: Condition[];
      [k: string]: unknown;
    }
  | {
      any: Condition[];
      [k: string]: unknown;
    }
  | {
      not: Condition;
      [k: string]: unknown;
    }
  | {
      /**
       * A shared condition of facts.json, by name.
       */
      condition: string;
    };
/**
 * A condition of a tree: a group (all, any, not), a shared condition by name, or a fact compared with a value.
 */
export type Condition =
  | ConditionTree
  | {
      /**
       * A fact of facts.json, by name.
       */
      fact: string;
      operator:
        | 'equal'
        | 'notEqual'
        | 'in'
        | 'notIn'
        | 'contains'
        | 'doesNotContain'
        | 'lessThan'
        | 'lessThanInclusive'
        | 'greaterThan'
        | 'greaterThanInclusive';
      value: unknown;
      path?: string;
    };
/**
 * The fact's values are the codes of this list (for an array, each item is): examCities, candidateTypes, subjectGroups, subjects and colleges of parameters.json, paymentChannels, feeItems, or rosterTracks (roster.json's tracks).
 */
export type FactList =
  'examCities' | 'candidateTypes' | 'subjectGroups' | 'subjects' | 'colleges' | 'paymentChannels' | 'feeItems' | 'rosterTracks';
/**
 * A condition tree (all, any or not) shared by name, optionally with its description.
 */
export type SharedCondition = ConditionTree & {
  /**
   * What it means, in Chinese for policy staff (e.g. 须参加统一考试): `explain` names the shared condition by it, else by its name.
   */
  description?: string;
  [k: string]: unknown;
};
/**
 * What the step does; the registration flow implements each kind once.
 */
export type StepCode =
  | 'NOTICE'
  | 'PLEDGE'
  | 'CANDIDATE_TYPE'
  | 'PERSONAL_INFORMATION'
  | 'PHOTO'
  | 'MATERIALS'
  | 'IDENTITY_CAPTURE'
  | 'EXAM_CHOICE'
  | 'CONFIRMATION'
  | 'PAYMENT'
  | 'QUALIFICATION_REVIEW'
  | 'PREVIEW'
  | 'DONE';
export type ReviewerRole = 'COLLEGE_REVIEWER' | 'PROVINCE_REVIEWER';
/**
 * Who decides a CHANGE_REQUEST (required for one, refused for an EDIT).
 */
export type ReviewerRole1 = 'COLLEGE_REVIEWER' | 'PROVINCE_REVIEWER';
export type StepCode1 =
  | 'NOTICE'
  | 'PLEDGE'
  | 'CANDIDATE_TYPE'
  | 'PERSONAL_INFORMATION'
  | 'PHOTO'
  | 'MATERIALS'
  | 'IDENTITY_CAPTURE'
  | 'EXAM_CHOICE'
  | 'CONFIRMATION'
  | 'PAYMENT'
  | 'QUALIFICATION_REVIEW'
  | 'PREVIEW'
  | 'DONE';
/**
 * The step after which the value cannot change directly (e.g. CONFIRMATION, or PAYMENT where there is no confirmation step). Every value locks when the registration is submitted for review or complete, at the latest; flow.json's `changes` say how a locked value may still change.
 */
export type StepCode2 =
  | 'NOTICE'
  | 'PLEDGE'
  | 'CANDIDATE_TYPE'
  | 'PERSONAL_INFORMATION'
  | 'PHOTO'
  | 'MATERIALS'
  | 'IDENTITY_CAPTURE'
  | 'EXAM_CHOICE'
  | 'CONFIRMATION'
  | 'PAYMENT'
  | 'QUALIFICATION_REVIEW'
  | 'PREVIEW'
  | 'DONE';
export type PhotoRules = {
  /**
   * Taken by the camera in the flow, or uploaded.
   */
  kind: 'CAMERA_CAPTURE' | 'UPLOAD';
  /**
   * The step that takes the photo also asks the ID card's front (身份证正面), before the photo.
   */
  idCardFront?: boolean;
  /**
   * How the photo is checked (合规检测).
   */
  compliance?: 'AUTOMATIC' | 'MANUAL';
  /**
   * The photo's face is compared with the face on the ID card front (身份核验: 比对通过); needs idCardFront.
   */
  identityComparison?: boolean;
  /**
   * @minItems 1
   */
  requirements: string[];
  formats?: ('jpg' | 'png')[];
  maxBytes?: number;
  reference?: PolicyReference;
  checks?: PhotoChecks;
};

/**
 * Every kind of rule file, by its schema.
 */
export interface RuleFiles {
  accounts?: AccountPolicy;
  decision?: DecisionFile;
  facts?: FactsFile;
  flow?: Flow;
  form?: Form;
  materials?: Materials;
  parameters?: Parameters;
  roster?: RosterPolicy;
  ruleset?: RuleSetManifest;
  texts?: Texts;
}
/**
 * Account policy (accounts.json). How candidates of one province-year register, log in and recover a password.
 */
export interface AccountPolicy {
  $schema?: string;
  /**
   * Identity documents accepted, the first being the default.
   *
   * @minItems 1
   */
  idTypes: IdTypeRule[];
  registration: {
    /**
     * Only ID numbers on the province's candidate roster (名单) may register.
     */
    requiresRoster: boolean;
    /**
     * Shown when the ID number is not on the roster.
     */
    rosterMissingMessage?: string;
    /**
     * An image captcha is part of the registration form.
     */
    captcha: boolean;
    privacyConsent: {
      required: boolean;
      label?: string;
      documents?: {
        title: string;
        text: string;
      }[];
    };
    /**
     * A hint shown on the registration page.
     */
    notice?: string;
    reference: PolicyReference;
  };
  password: {
    minLength: number;
    maxLength: number;
    require: ('digit' | 'letter' | 'lowercase' | 'uppercase' | 'special')[];
    /**
     * The rule as candidates read it.
     */
    description: string;
    reference: PolicyReference;
  };
  login: {
    /**
     * @minItems 1
     */
    factors: ('password' | 'captcha' | 'sms')[];
    notices?: string[];
    reference: PolicyReference;
  };
  passwordReset: {
    /**
     * PHONE_AND_SMS: the candidate types ID, phone and SMS code on one page. MASKED_PHONE: ID and captcha first, then the masked phone is shown and the SMS code is asked.
     */
    shape: 'PHONE_AND_SMS' | 'MASKED_PHONE';
    captcha: boolean;
    reference: PolicyReference;
  };
  sms: {
    /**
     * A solved image captcha is needed before an SMS code is sent.
     */
    captchaBeforeSending: boolean;
    /**
     * The sender's name in SMS text, e.g. 【内蒙古教育考试院】.
     */
    signature?: string;
  };
}
export interface IdTypeRule {
  code: 'RESIDENT_ID' | 'HMT_RESIDENCE_PERMIT' | 'HK_MACAO_PERMIT' | 'TAIWAN_PERMIT' | 'PASSPORT';
  name: string;
  /**
   * gb11643: 18 characters with the GB 11643 check digit; otherwise a regular expression.
   */
  format:
    | 'gb11643'
    | {
        pattern: string;
        hint: string;
      };
}
export interface PolicyReference {
  /**
   * A key of ruleset.json's references.
   */
  document: string;
  section?: string;
  /**
   * Where the document is unclear: what was chosen and why.
   */
  choice?: string;
  /**
   * The value is a stand-in (the document does not give it yet): publishing refuses it until it is replaced (and the mark removed) or explicitly confirmed.
   */
  placeholder?: true;
}
/**
 * Decision (decisions/<name>.json). One decision: json-rules-engine rules, how fired rules combine into the outcome, and example cases that prove it.
 */
export interface DecisionFile {
  $schema?: string;
  decision: DecisionName;
  description: string;
  /**
   * The facts of facts.json this decision takes, by name; any other fact given is refused (FACTS_INVALID). A fact looked up on another (exempt, track, subjects) needs that one listed too.
   *
   * @minItems 1
   *
   * Items: A fact of facts.json, by name.
   */
  facts: string[];
  /**
   * Facts the decision cannot be taken without (FACTS_INVALID).
   *
   * Items: A fact of facts.json, by name.
   */
  required?: string[];
  /**
   * Facts the decision cannot be taken without when the condition holds (read on the facts given and looked up).
   */
  requiredWhen?: {
    [k: string]: ConditionTree;
  };
  /**
   * first: the outcome is the event params of the highest-priority rule that fired (or `default`). collect: the `items` of every fired rule, in priority order, without repeats. sum: the `items` (each with amountFen) of every fired rule, and their total.
   */
  combine: 'first' | 'collect' | 'sum';
  /**
   * The outcome when no rule fires (first), or the items every outcome starts from (collect, sum).
   */
  default?: {
    [k: string]: unknown;
  };
  /**
   * @minItems 1
   */
  rules: DecisionRule[];
  /**
   * Examples: facts in, expected outcome out, each named by a full sentence.
   *
   * @minItems 1
   */
  cases: DecisionCase[];
}
export interface DecisionRule {
  name: string;
  priority?: number;
  conditions: ConditionTree;
  event: {
    type: string;
    params: {
      [k: string]: unknown;
    };
  };
  reference: PolicyReference;
}
export interface DecisionCase {
  name: string;
  facts: {
    [k: string]: unknown;
  };
  expect: {
    [k: string]: unknown;
  };
}
/**
 * facts.json: the facts a rule set's decisions read, declared once, and the conditions several rules or decisions share. A fact's allowed values come from the list of parameters.json it names (enumFrom), so a city, candidate type or subject group added there is allowed at once.
 */
export interface FactsFile {
  $schema?: string;
  /**
   * Every fact of the rule set by name; a decision lists the ones it takes.
   */
  facts: {
    [k: string]: FactDeclaration;
  };
  /**
   * Shared conditions by name (json-rules-engine's setCondition), used in rules and requiredWhen as { "condition": "<name>" }.
   */
  conditions?: {
    [k: string]: SharedCondition;
  };
}
export interface FactDeclaration {
  type: 'string' | 'boolean' | 'number' | 'array';
  description: string;
  enumFrom?: FactList;
  /**
   * The allowed values, where they are not the codes of a list (prefer enumFrom).
   *
   * @minItems 1
   */
  enum?: unknown[];
  /**
   * A fact of facts.json, by name.
   */
  derivedFrom?: string;
}
/**
 * Registration flow (flow.json). The ordered steps of registration, titled as the province's manual names them; when each decision is taken; the windows steps are done in; qualification review; how values change after they lock; and example cases that prove it.
 */
export interface Flow {
  $schema?: string;
  /**
   * The window (parameters.json) the registration steps are done in, unless a step names its own.
   */
  window: string;
  /**
   * @minItems 1
   */
  steps: FlowStepRule[];
  review?: ReviewPolicy;
  /**
   * How values still change once locked: when (phase), through what (route), decided by whom, and which decisions are taken again.
   */
  changes?: ChangeRule[];
  caseDefaults?: FlowCaseGiven;
  /**
   * Examples run by check:rules: a situation, things done at given times, and what the flow must then show.
   *
   * @minItems 1
   */
  cases: FlowCase[];
  reference: PolicyReference;
}
export interface FlowStepRule {
  code: StepCode;
  title: string;
  description?: string;
  /**
   * Counted in the step numbering the manual shows (e.g. 1/7); false for a page before the numbered steps. Default true.
   */
  numbered?: boolean;
  /**
   * Values that cannot change directly once this step is completed (form field codes; examCity, subjectGroup, dualApplication, candidateType, exemptionClaimed, photo, idCardFront; material codes).
   *
   * Items: A form field or step field (camelCase), or a material code (UPPER_CASE).
   */
  locks?: string[];
  /**
   * The window completing this step is allowed in (e.g. payment); the flow's window when absent.
   */
  window?: string;
  /**
   * Decisions taken and recorded when the step completes, in this order. A decision taken at several steps is final at the last, and every value it reads must be locked by then.
   */
  decides?: DecisionName[];
  /**
   * CANDIDATE_TYPE only: 是否免试 is asked (field exemptionClaimed) before the candidate type.
   */
  askExemption?: boolean;
  /**
   * The province's wording of the fields the step asks (other than form fields), by field code.
   */
  labels?: {
    [k: string]: string;
  };
  reference?: PolicyReference;
}
/**
 * Qualification review (资格审核): its stages in order and what a reviewer may answer. Required with a QUALIFICATION_REVIEW step.
 */
export interface ReviewPolicy {
  /**
   * @minItems 1
   */
  stages: ReviewStage[];
  outcomes: {
    approve: {
      label: string;
    };
    reject: ReasonedOutcome;
    return?: ReasonedOutcome1;
  };
  /**
   * Where a registration changed during review is reviewed again.
   */
  resubmitTo: 'FIRST_STAGE' | 'SAME_STAGE';
  /**
   * The window reviewers decide in.
   */
  window?: string;
  reference: PolicyReference;
}
export interface ReviewStage {
  role: ReviewerRole;
  title: string;
  /**
   * The form field routing a registration to a reviewer's queue (a college reviewer's college code).
   */
  routeBy?: string;
}
export interface ReasonedOutcome {
  label: string;
  reasonRequired: boolean;
}
/**
 * Send back for changes; absent where the province does not.
 */
export interface ReasonedOutcome1 {
  label: string;
  reasonRequired: boolean;
}
export interface ChangeRule {
  /**
   * @minItems 1
   *
   * Items: A form field or step field (camelCase), or a material code (UPPER_CASE).
   */
  fields: string[];
  /**
   * AFTER_LOCK: from the field's lock until the registration is submitted or complete; DURING_REVIEW: while qualification review is pending or returned; WHEN_RETURNED: only once a reviewer returned it for changes; AFTER_COMPLETION: once registration is complete.
   */
  phase: 'AFTER_LOCK' | 'DURING_REVIEW' | 'WHEN_RETURNED' | 'AFTER_COMPLETION';
  /**
   * EDIT: the candidate changes the value (during review the registration is resubmitted); CHANGE_REQUEST: a request with the old and new value that decidedBy decides.
   */
  route: 'EDIT' | 'CHANGE_REQUEST';
  decidedBy?: ReviewerRole1;
  /**
   * Decisions taken again when the change is made; must name every decision taken in the flow that reads a changed field.
   */
  redecide: DecisionName[];
  /**
   * The window changes are accepted in; the flow's window when absent.
   */
  window?: string;
  reference: PolicyReference;
}
/**
 * What every case starts from, unless it says otherwise (prefill, facts and values are merged key by key).
 */
export interface FlowCaseGiven {
  /**
   * ISO 8601 with its offset, e.g. 2023-04-12T09:30:00+08:00.
   */
  at?: string;
  /**
   * Values for prefill keys (roster.majorCode, account.idNumber, …).
   */
  prefill?: {
    [k: string]: string;
  };
  /**
   * Facts the platform supplies (e.g. appliedForRetiredSoldierExemption).
   */
  facts?: {
    [k: string]: unknown;
  };
  /**
   * Field values: the input of the completed steps.
   */
  values?: {
    [k: string]: unknown;
  };
  /**
   * Steps already done, in flow order, with the values they ask for.
   */
  completed?: StepCode1[];
}
export interface FlowCase {
  name: string;
  given?: FlowCaseGiven1;
  actions?: FlowCaseAction[];
  /**
   * ISO 8601 with its offset, e.g. 2023-04-12T09:30:00+08:00.
   */
  at: string;
  expect: FlowCaseExpectation;
}
export interface FlowCaseGiven1 {
  /**
   * ISO 8601 with its offset, e.g. 2023-04-12T09:30:00+08:00.
   */
  at?: string;
  /**
   * Values for prefill keys (roster.majorCode, account.idNumber, …).
   */
  prefill?: {
    [k: string]: string;
  };
  /**
   * Facts the platform supplies (e.g. appliedForRetiredSoldierExemption).
   */
  facts?: {
    [k: string]: unknown;
  };
  /**
   * Field values: the input of the completed steps.
   */
  values?: {
    [k: string]: unknown;
  };
  /**
   * Steps already done, in flow order, with the values they ask for.
   */
  completed?: StepCode1[];
}
/**
 * show and complete name a step; review names an outcome and role; change names a field and value (and decidedBy for a change request).
 */
export interface FlowCaseAction {
  do: 'show' | 'complete' | 'pay' | 'review' | 'change';
  /**
   * ISO 8601 with its offset, e.g. 2023-04-12T09:30:00+08:00.
   */
  at: string;
  step?: StepCode1;
  input?: {
    [k: string]: unknown;
  };
  outcome?: 'APPROVE' | 'REJECT' | 'RETURN';
  role?: ReviewerRole;
  reason?: string;
  /**
   * A form field or step field (camelCase), or a material code (UPPER_CASE).
   */
  field?: string;
  value?: unknown;
  decidedBy?: ReviewerRole;
  /**
   * The action must be refused with this code (and field); nothing changes.
   */
  refused?: {
    code: string;
    field?: string;
  };
}
export interface FlowCaseExpectation {
  status?: 'IN_PROGRESS' | 'IN_REVIEW' | 'RETURNED' | 'REJECTED' | 'COMPLETE';
  next?: StepCode1 | null;
  steps?: {
    [k: string]: {
      status?: 'DONE' | 'CURRENT' | 'AVAILABLE' | 'BLOCKED' | 'LOCKED' | 'NOT_APPLICABLE';
      number?: string;
      asks?: string[];
      label?: string;
      blockedBy?: string;
    };
  };
  decisions?: {
    [k: string]: {
      [k: string]: unknown;
    };
  };
  options?: {
    [k: string]: string[];
  };
  locked?: string[];
  editable?: string[];
  changeable?: {
    [k: string]: null | {
      route: 'EDIT' | 'CHANGE_REQUEST';
      decidedBy?: ReviewerRole;
    };
  };
  /**
   * A field's value as shown (an option's name, 是/否).
   */
  display?: {
    [k: string]: string;
  };
}
/**
 * Personal-information form (form.json). The fields of 填写个人信息 / 信息填报: type, options, required-ness, validation, what comes read-only from the roster, and when each value locks.
 */
export interface Form {
  $schema?: string;
  /**
   * @minItems 1
   */
  fields: FormField[];
  voiceFill?: VoiceFillRules;
  reference: PolicyReference;
}
export interface FormField {
  code: string;
  label: string;
  type: 'text' | 'select' | 'date' | 'phone' | 'email' | 'postcode' | 'idNumber' | 'region' | 'textarea';
  required: boolean;
  options?: Option[];
  /**
   * Options taken from a parameter list (or the accepted ID types) instead of listed here. `prefectures` (a region field): the prefecture-level divisions of the province chosen in the form's `provinces` field (a municipality's districts), from rules/data/prefectures.json.
   */
  optionsFrom?: 'examCities' | 'candidateTypes' | 'subjectGroups' | 'colleges' | 'provinces' | 'idTypes' | 'prefectures';
  validation?: {
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    /**
     * Shown when the value breaks the pattern or lengths.
     */
    message?: string;
  };
  readOnly?: boolean;
  prefill?:
    | 'account.idType'
    | 'account.idNumber'
    | 'account.phone'
    | 'roster.name'
    | 'roster.collegeCode'
    | 'roster.collegeName'
    | 'roster.majorCode'
    | 'roster.majorName'
    | 'roster.track'
    | 'idNumber.birthDate'
    | 'idNumber.gender';
  locksAt?: StepCode2;
  hint?: string;
  reference?: PolicyReference;
}
export interface Option {
  code: string;
  name: string;
}
/**
 * 语音识别填报: the candidate may record themselves reading their information aloud and have the form filled from it (suggestions they confirm). Absent where the province does not offer it.
 */
export interface VoiceFillRules {
  /**
   * The longest recording accepted, in seconds, as read from the file on the server (not as the client reports it).
   */
  maxSeconds: number;
  /**
   * The largest recording file accepted, checked before the file is read.
   */
  maxBytes: number;
  /**
   * Recording formats accepted, as recognised from the file's content: m4a (AAC or AMR in MP4/3GP), aac (ADTS), mp3, wav, amr (AMR-NB/WB), webm (Opus or Vorbis), ogg (Opus or Vorbis).
   *
   * @minItems 1
   */
  formats: ('m4a' | 'aac' | 'mp3' | 'wav' | 'amr' | 'webm' | 'ogg')[];
  reference: PolicyReference;
}
/**
 * Materials and photo (materials.json). The materials a candidate may have to upload (which ones are required is the requiredMaterials decision) and the photo requirements.
 */
export interface Materials {
  $schema?: string;
  materials: Material[];
  photo: PhotoRules;
  reference: PolicyReference;
}
export interface Material {
  code: string;
  name: string;
  description?: string;
  /**
   * @minItems 1
   */
  formats: ('jpg' | 'png' | 'pdf')[];
  maxBytes: number;
  /**
   * Must be an unedited photo or scan (不得做任何修改).
   */
  unedited?: boolean;
  reference?: PolicyReference;
}
/**
 * Thresholds of the automatic compliance check (合规检测) and of the comparison with the ID card front. Face geometry comes from the 68-point landmarks of the detected face; image measures are on 0–255 luminance.
 */
export interface PhotoChecks {
  /**
   * Lowest detector confidence counted as a face (0–1); exactly one face must reach it.
   */
  minFaceScore: number;
  /**
   * The face's height (the box around its 68 landmarks, brows to chin) as a share of the photo's height.
   */
  faceHeight: {
    min: number;
    max: number;
  };
  /**
   * Where the face's centre may sit, as shares of the photo's width and height.
   */
  position: {
    /**
     * Largest distance of the face centre from the vertical middle line, as a share of the width.
     */
    maxHorizontalOffset: number;
    /**
     * Highest the face centre may sit (0 is the top edge).
     */
    minVerticalCentre: number;
    /**
     * Lowest the face centre may sit.
     */
    maxVerticalCentre: number;
  };
  /**
   * Largest tilt of the eye line from the horizontal, in degrees.
   */
  maxRollDegrees: number;
  /**
   * Largest left-right turn: how far the nose tip sits from the middle of the eyes, as a share of the distance between the eyes' centres.
   */
  maxYaw: number;
  /**
   * Smallest eye aspect ratio (height over width of each eye from the landmarks, the mean of both eyes): closed or covered eyes measure lower.
   */
  minEyeOpenness: number;
  /**
   * Smallest luminance spread (standard deviation) inside each eye's box over the spread of the middle of the face, the lower eye: dark glasses or a covered eye measure lower, though the landmarks would still draw an open eye.
   */
  minEyeContrast: number;
  /**
   * The region beside and above the head (outside the face box widened for hair, and the photo's outer border), above the chin's level.
   */
  background: {
    /**
     * Lowest median luminance of that region (0–255).
     */
    minLightness: number;
    /**
     * How far from the region's median luminance a pixel counts as clutter.
     */
    clutterDifference: number;
    /**
     * Largest share of clutter pixels: hair or a shoulder reaching in moves it little, objects or a pattern much.
     */
    maxClutter: number;
  };
  /**
   * Smallest variance of the Laplacian of the middle of the face, scaled to 128 pixels wide.
   */
  minSharpness: number;
  /**
   * Luminance of the middle of the face.
   */
  exposure: {
    /**
     * Darkest mean allowed (0–255).
     */
    minMean: number;
    /**
     * Brightest mean allowed.
     */
    maxMean: number;
    /**
     * Largest share of pixels at pure black (≤ 5) or pure white (≥ 250).
     */
    maxClipped: number;
  };
  /**
   * The photo's size in pixels, and its width to height ratio.
   */
  dimensions: {
    minWidth: number;
    minHeight: number;
    maxWidth: number;
    maxHeight: number;
    /**
     * Width over height, e.g. 0.75 for 3:4.
     */
    aspectRatio?: number;
    /**
     * Largest difference from aspectRatio.
     */
    aspectTolerance?: number;
  };
  /**
   * Largest Euclidean distance between the face descriptors of the ID card front and the photo still counted as the same person.
   */
  maxDistance: number;
  reference: PolicyReference;
}
/**
 * Parameters (parameters.json). The values a province-year's policy sets: windows, candidate types, cities, subject groups, fees, payment channels. Every value cites its policy document.
 */
export interface Parameters {
  $schema?: string;
  timeZone: 'Asia/Shanghai';
  /**
   * Named windows: registration, payment, confirmation, qualification review, ...
   */
  windows: {
    [k: string]: Window;
  };
  /**
   * 考生类型: the types a candidate chooses or is given, and whether the type is exempt from the written exam (免试).
   */
  candidateTypes: {
    /**
     * @minItems 1
     */
    items: CandidateType[];
    reference: PolicyReference;
  };
  /**
   * 专科 colleges candidates come from, with the city each is in (an exam city code): where exam cities are limited to the school's city.
   */
  colleges?: {
    items: {
      code: string;
      name: string;
      city: string;
    }[];
    reference: PolicyReference;
  };
  /**
   * 考试地点: cities a candidate may sit the exam in, by administrative division code.
   */
  examCities?: {
    items: Option[];
    reference: PolicyReference;
    /**
     * A candidate is offered only the cities these fields name (a region code matches the city of its prefecture); all cities when absent.
     *
     * @minItems 1
     */
    offeredBy?: OfferedBy[];
  };
  subjects?: {
    items: Option[];
    reference: PolicyReference;
  };
  /**
   * 科目组: the subjects sat together and the majors (专业范围) they open.
   */
  subjectGroups?: {
    items: SubjectGroup[];
    reference: PolicyReference;
    offeredBy?: OfferedBy1;
  };
  /**
   * 费用项目: fee items and their amounts in fen (分).
   */
  feeItems: {
    /**
     * @minItems 1
     */
    items: {
      code: string;
      name: string;
      amountFen: number;
    }[];
    unit?: 'fen';
    reference: PolicyReference;
  };
  paymentChannels: {
    /**
     * @minItems 1
     */
    items: {
      code: 'ALIPAY' | 'UNIONPAY' | 'CEB' | 'WECHAT_PAY';
      name: string;
    }[];
    /**
     * Whether a paid fee can be refunded (退费).
     */
    refundAfterPayment?: boolean;
    /**
     * Whether a paid fee is refunded to a candidate whose qualification review (资格审核) fails, even where refundAfterPayment is false.
     */
    refundWhenReviewFails?: boolean;
    notices?: string[];
    reference: PolicyReference;
  };
}
/**
 * Dates (inclusive, in the province's time zone) and, where the policy sets them, daily hours (from the opening minute up to, not including, the closing minute).
 */
export interface Window {
  /**
   * How messages name the window: 报名, 网上缴费, 资格审核, 修改报名信息.
   */
  name: string;
  from: string;
  until: string;
  dailyHours?: {
    from: string;
    until: string;
  };
  reference: PolicyReference;
}
export interface CandidateType {
  code: string;
  name: string;
  /**
   * 免试: candidates of this type sit no written exam; the fact `exempt` is derived from it.
   */
  exempt: boolean;
  description?: string;
  /**
   * The roster track (roster.json) of candidates of this type; the fact `track` is derived from it.
   */
  track?: string;
}
export interface OfferedBy {
  /**
   * The form field whose value selects the options.
   */
  field: string;
  /**
   * Look the value up in this parameter list first (a college code gives the college's city).
   */
  via?: 'colleges';
}
export interface SubjectGroup {
  code: string;
  name: string;
  /**
   * @minItems 1
   */
  subjects: string[];
  /**
   * @minItems 1
   */
  majorScope: string[];
  /**
   * 专科 majors whose graduates are offered this group: a 6-digit 专业代码, or a 4-digit 专业类 code covering every major in it.
   */
  majorCodes?: string[];
}
/**
 * A candidate is offered the groups whose majorCodes match this field's value (a group without majorCodes is offered to every candidate); every group when absent.
 */
export interface OfferedBy1 {
  /**
   * The form field whose value selects the options.
   */
  field: string;
  /**
   * Look the value up in this parameter list first (a college code gives the college's city).
   */
  via?: 'colleges';
}
/**
 * Roster policy (roster.json). What a province's candidate roster (考生名单) holds: the candidate tracks colleges may name.
 */
export interface RosterPolicy {
  $schema?: string;
  /**
   * @minItems 1
   */
  tracks: {
    code: string;
    name: string;
    /**
     * Other spellings accepted in roster files.
     */
    aliases?: string[];
  }[];
  reference: PolicyReference;
}
/**
 * Rule set manifest (ruleset.json). Names one province's policy for one exam year and when it applies.
 */
export interface RuleSetManifest {
  $schema?: string;
  /**
   * ISO 3166-2:CN code, e.g. CN-NM.
   */
  province: string;
  provinceName: string;
  examYear: number;
  /**
   * The exam's official name for this year.
   */
  title: string;
  /**
   * The exam authority running registration.
   */
  authority: string;
  /**
   * Where the province's candidates mainly register.
   */
  channel?: 'mobile' | 'web';
  effective: {
    from: string;
    until?: string;
  };
  /**
   * Policy documents this rule set is drawn from, by a short key that values cite.
   */
  references: {
    [k: string]: PolicyDocument;
  };
  notes?: string[];
}
export interface PolicyDocument {
  title: string;
  date?: string;
  /**
   * Where the document is kept (file, URL).
   */
  source?: string;
}
/**
 * Texts candidates read (texts.json). 考生须知, 报考承诺 and 诚信考试承诺书: what candidates must read and acknowledge.
 */
export interface Texts {
  $schema?: string;
  /**
   * @minItems 1
   */
  texts: Text[];
}
export interface Text {
  code: 'NOTICE' | 'PLEDGE' | 'INTEGRITY_PLEDGE';
  title: string;
  /**
   * Paragraphs.
   *
   * @minItems 1
   */
  body: string[];
  /**
   * The tick-box label, e.g. 我已阅读并承诺.
   */
  acknowledgement?: string;
  /**
   * Seconds before the tick-box unlocks.
   */
  countdownSeconds?: number;
  /**
   * Offered as a document to download (诚信考试承诺书).
   */
  downloadable?: boolean;
  reference: PolicyReference;
}
