/**
 * TypeScript views of the rule files. Their shapes are generated from the JSON Schemas in `rules/schema/` (the
 * authority) into `./generated/rule-files.ts` by `npm run codegen:rules`; this module names them and their parts, and
 * adds what is not a file's shape: the rule set as loaded.
 */
import type * as Files from './generated/rule-files.ts';

export type PolicyReference = Files.PolicyReference;
export type RuleSetManifest = Files.RuleSetManifest;
export type AccountPolicy = Files.AccountPolicy;
export type IdTypeRule = Files.IdTypeRule;
export type IdTypeCode = IdTypeRule['code'];
export type PasswordRequirement = AccountPolicy['password']['require'][number];
export type LoginFactor = AccountPolicy['login']['factors'][number];
export type PasswordResetShape = AccountPolicy['passwordReset']['shape'];
export type RosterPolicy = Files.RosterPolicy;
export type Parameters = Files.Parameters;
export type Window = Files.Window;
export type CandidateType = Files.CandidateType;
export type SubjectGroup = Files.SubjectGroup;
/** Where an option list is limited by what the candidate's registration says. */
export type OfferedBy = Files.OfferedBy;
export type Flow = Files.Flow;
export type FlowStepRule = Files.FlowStepRule;
export type ReviewPolicy = Files.ReviewPolicy;
export type ReviewStage = Files.ReviewStage;
export type ChangeRule = Files.ChangeRule;
export type FlowCase = Files.FlowCase;
export type FlowCaseGiven = Files.FlowCaseGiven;
export type FlowCaseAction = Files.FlowCaseAction;
export type FlowCaseExpectation = Files.FlowCaseExpectation;
export type Form = Files.Form;
export type FormField = Files.FormField;
export type VoiceFillRules = Files.VoiceFillRules;
/** A recording format accepted for voice fill, as recognised from the file's content. */
export type RecordingFormat = VoiceFillRules['formats'][number];
export type Materials = Files.Materials;
export type PhotoRules = Files.PhotoRules;
export type PhotoChecks = Files.PhotoChecks;
export type Texts = Files.Texts;
export type FactsFile = Files.FactsFile;
export type FactDeclaration = Files.FactDeclaration;
export type FactList = Files.FactList;
export type ConditionTree = Files.ConditionTree;
export type SharedCondition = Files.SharedCondition;
export type Condition = Files.Condition;
export type DecisionFile = Files.DecisionFile;
export type DecisionRule = Files.DecisionRule;
export type DecisionCase = Files.DecisionCase;
export type ReviewerRole = Files.ReviewerRole;
/** When a change applies: after the field locks, while under review, once returned by a reviewer, after completion. */
export type ChangePhase = ChangeRule['phase'];
/** EDIT: the candidate changes the value; CHANGE_REQUEST: a request with old and new value that a reviewer decides. */
export type ChangeRoute = ChangeRule['route'];

/** A list of parameters.json with the reference it is drawn from. */
export interface Listed<T> {
  items: T[];
  reference: PolicyReference;
}

export const STEP_CODES = [
  'NOTICE', 'PLEDGE', 'CANDIDATE_TYPE', 'PERSONAL_INFORMATION', 'PHOTO', 'MATERIALS', 'IDENTITY_CAPTURE',
  'EXAM_CHOICE', 'CONFIRMATION', 'PAYMENT', 'QUALIFICATION_REVIEW', 'PREVIEW', 'DONE',
] as const satisfies readonly Files.StepCode[];
export type StepCode = Files.StepCode;

/** The decisions every rule set makes; the platform asks for them by these names. */
export const DECISIONS = ['applicationEligibility', 'examRequirement', 'dualApplication', 'requiredMaterials', 'feeQuote', 'paymentChannel'] as const satisfies readonly Files.DecisionName[];
export type DecisionName = Files.DecisionName;

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
  /** facts.json: the facts every decision reads, and the shared conditions. */
  facts: FactsFile;
  decisions: Record<DecisionName, DecisionFile>;
  /** SHA-256 over the rule set's files (canonical JSON): the version that any recorded decision cites. */
  contentHash: string;
  /** The folder it was loaded from. */
  folder: string;
}

