import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { UserError } from '@zsb/platform';
import { FeeLine, PolicyOption } from '../policy/registration-rules.type.ts';
import { ChangeRouteEnum, ReviewerRoleEnum, ReviewOutcomeEnum, StepStatusEnum } from './registration.enums.ts';

@ObjectType({ description: 'A choice offered for a question, resolved for this candidate (an exam city of the school or household, a subject group of the major).' })
export class RegistrationOption {
  @Field(() => String, { description: 'The code to answer with.' })
  code: string;

  @Field(() => String, { description: 'The name shown.' })
  name: string;

  @Field(() => [PolicyOption], { nullable: true, description: "A subject group's subjects (考试科目)." })
  subjects?: PolicyOption[];

  @Field(() => [String], { nullable: true, description: "A subject group's major scope (报考专业范围)." })
  majorScope?: string[];
}

@ObjectType({ description: 'Something a step asks, resolved for this candidate: its options, its current value, and whether it may be answered now.' })
export class StepQuestion {
  @Field(() => String, { description: 'Field code to answer with in `values` (e.g. `examCity`, `acknowledged`, a form field, a material code).' })
  code: string;

  @Field(() => String, { description: 'The label as the province words it.' })
  label: string;

  @Field(() => String, { description: 'text, select, date, phone, email, postcode, idNumber, region, textarea, boolean, acknowledgement, file or photo.' })
  type: string;

  @Field(() => Boolean, { description: 'Must be answered to complete the step.' })
  required: boolean;

  @Field(() => [RegistrationOption], { nullable: true, description: 'The choices offered to this candidate, for select questions.' })
  options?: RegistrationOption[];

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value held now (a read-only value is the one the platform supplied).' })
  value?: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'What the page shows before the candidate answers: a prefilled value, or a decision\'s default (是否兼报 否).' })
  default?: unknown;

  @Field(() => Boolean, { description: 'Shown but never answered by the candidate (from the roster or the account).' })
  readOnly: boolean;

  @Field(() => Boolean, { description: 'The value comes from the account, the roster or the ID number.' })
  prefilled: boolean;

  @Field(() => Boolean, { description: 'Locked: it cannot change through this step any more.' })
  locked: boolean;

  @Field(() => String, { nullable: true, description: 'A hint shown beside the question.' })
  hint?: string;

  @Field(() => String, { nullable: true, description: 'A regular expression the answer must match.' })
  pattern?: string;

  @Field(() => Int, { nullable: true, description: 'Fewest characters.' })
  minLength?: number;

  @Field(() => Int, { nullable: true, description: 'Most characters.' })
  maxLength?: number;

  @Field(() => String, { nullable: true, description: 'The message shown when the answer breaks the pattern or lengths.' })
  validationMessage?: string;

  @Field(() => [String], { nullable: true, description: 'Files: the formats accepted (jpg, png, pdf).' })
  formats?: string[];

  @Field(() => Int, { nullable: true, description: 'Files: the largest size accepted, in bytes.' })
  maxBytes?: number;
}

@ObjectType({ description: '语音识别填报 where the province offers it: a recording of the candidate reading their information aloud, turned into suggested values they confirm. The limits are checked again on the server, from the file.' })
export class StepVoiceFill {
  @Field(() => Int, { description: 'The longest recording accepted, in seconds.' })
  maxSeconds: number;

  @Field(() => Int, { description: 'The largest recording file accepted, in bytes.' })
  maxBytes: number;

  @Field(() => [String], { description: 'Recording formats accepted, as recognised from the content: m4a, aac, mp3, wav, amr, webm, ogg.' })
  formats: string[];
}

@ObjectType({ description: 'A text a step shows and has acknowledged (考生须知, 报考承诺), with its countdown as the server counts it.' })
export class StepText {
  @Field(() => String, { description: 'NOTICE or PLEDGE.' })
  code: string;

  @Field(() => String, { description: 'The title.' })
  title: string;

  @Field(() => [String], { description: 'Paragraphs.' })
  body: string[];

  @Field(() => String, { nullable: true, description: 'The tick-box wording, e.g. 我已阅读并承诺.' })
  acknowledgement?: string;

  @Field(() => Int, { description: 'Seconds the text must be shown before the tick-box may be ticked (0 for none).' })
  countdownSeconds: number;

  @Field(() => Date, { nullable: true, description: 'When the server first showed it (`showRegistrationStep`).' })
  shownAt?: Date;

  @Field(() => Date, { nullable: true, description: 'When the countdown ends, as the server counts it.' })
  unlocksAt?: Date;
}

@ObjectType({ description: 'A window an action is allowed in (报名, 网上缴费, 资格审核, …), read in the rule set\'s time zone, and whether it is open now.' })
export class RegistrationWindow {
  @Field(() => String, { description: "The window's key in the rules, e.g. `payment`." })
  window: string;

  @Field(() => String, { description: 'Its name, e.g. 网上缴费.' })
  name: string;

  @Field(() => String, { description: 'OPEN, NOT_YET_OPEN, CLOSED or OUTSIDE_DAILY_HOURS.' })
  state: string;

  @Field(() => Boolean, { description: 'Whether the window is open now (on the platform clock).' })
  open: boolean;

  @Field(() => String, { description: 'Dates and hours, e.g. 2023年4月12日至14日，每天9:00至17:00（北京时间）.' })
  period: string;

  @Field(() => String, { description: 'A sentence for candidates: when it runs, or why the action is refused now.' })
  message: string;
}

@ObjectType({ description: 'The integrity pledge shown before paying (诚信考试承诺书), where the rules have one.' })
export class PaymentPledge {
  @Field(() => String, { description: 'The title.' })
  title: string;

  @Field(() => [String], { description: 'Paragraphs.' })
  body: string[];

  @Field(() => Date, { nullable: true, description: 'When the candidate acknowledged it; payment is accepted only after that.' })
  acknowledgedAt?: Date;
}

@ObjectType({ description: "What the candidate pays (考试缴费/网上缴费): the fee lines, the channel, and whether payment can start now." })
export class RegistrationPayment {
  @Field(() => Boolean, { description: 'Whether anything is owed.' })
  required: boolean;

  @Field(() => Int, { description: '费用合计, in fen.' })
  totalFen: number;

  @Field(() => [FeeLine], { description: 'Each fee item (费用项目) and its amount.' })
  lines: FeeLine[];

  @Field(() => PolicyOption, { nullable: true, description: 'The channel the candidate pays through (e.g. 光大支付, 银联支付, 支付宝); null when nothing is owed.' })
  channel?: PolicyOption;

  @Field(() => Boolean, { description: 'Whether the payment was recorded (已缴费).' })
  paid: boolean;

  @Field(() => Int, { nullable: true, description: 'The amount recorded as paid, in fen.' })
  paidFen?: number;

  @Field(() => Date, { nullable: true, description: 'When the payment was recorded.' })
  paidAt?: Date;

  @Field(() => Boolean, { nullable: true, description: 'Whether the policy refunds after payment; null when it does not say.' })
  refundAfterPayment?: boolean;

  @Field(() => [String], { description: 'Notices shown before paying.' })
  notices: string[];

  @Field(() => PaymentPledge, { nullable: true, description: 'The integrity pledge to acknowledge before paying, where the rules have one.' })
  pledge?: PaymentPledge;

  @Field(() => Boolean, { description: 'Payment can start now: every earlier step is done, something is owed and unpaid, the pledge (if any) is acknowledged and the payment window is open.' })
  readyToPay: boolean;

  @Field(() => UserError, { nullable: true, description: 'Why payment cannot start now, when it cannot.' })
  notReadyBecause?: UserError;
}

@ObjectType({ description: 'A stage of qualification review (资格审核) and who decides it.' })
export class ReviewStageView {
  @Field(() => Int, { description: 'Position among the stages, from 0.' })
  index: number;

  @Field(() => ReviewerRoleEnum, { description: 'The role that decides this stage.' })
  role: string;

  @Field(() => String, { description: 'The stage as the province names it, e.g. 院校初审.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'For a college stage: the value that routes the registration to a college\'s queue (the college code).' })
  routeValue?: string;
}

@ObjectType({ description: 'One event of qualification review: a submission, a resubmission or a reviewer\'s answer.' })
export class ReviewEvent {
  @Field(() => Int, { description: 'The stage it happened at.' })
  stage: number;

  @Field(() => ReviewerRoleEnum, { nullable: true, description: 'The reviewer\'s role, for an answer.' })
  role?: string;

  @Field(() => String, { description: 'SUBMIT, RESUBMIT, APPROVE, REJECT or RETURN.' })
  outcome: string;

  @Field(() => String, { nullable: true, description: 'The reviewer\'s reason, for a rejection or a return.' })
  reason?: string;

  @Field(() => Date, { description: 'When.' })
  at: Date;
}

@ObjectType({ description: 'An answer a reviewer may give at a stage, as the province labels it.' })
export class ReviewOutcomeOption {
  @Field(() => ReviewOutcomeEnum, { description: 'The outcome.' })
  outcome: string;

  @Field(() => String, { description: 'Its label, e.g. 退回修改.' })
  label: string;

  @Field(() => Boolean, { description: 'A reason must be given.' })
  reasonRequired: boolean;
}

@ObjectType({ description: 'Qualification review (资格审核) of a registration: where it waits, the reason of the last rejection or return, and its history.' })
export class RegistrationReview {
  @Field(() => String, { nullable: true, description: 'PENDING, RETURNED, APPROVED or REJECTED; null before submission.' })
  status?: string;

  @Field(() => ReviewStageView, { nullable: true, description: 'The stage it waits at (or ended at).' })
  stage?: ReviewStageView;

  @Field(() => [ReviewStageView], { description: 'Every stage, in order.' })
  stages: ReviewStageView[];

  @Field(() => String, { nullable: true, description: 'The reviewer\'s reason for the last rejection or return, shown to the candidate.' })
  reason?: string;

  @Field(() => [ReviewOutcomeOption], { description: 'The answers reviewers may give.' })
  outcomes: ReviewOutcomeOption[];

  @Field(() => [ReviewEvent], { description: 'Submissions and answers, oldest first.' })
  history: ReviewEvent[];
}

@ObjectType({ description: 'A step of this registration, in order, as the rules apply to this candidate now.' })
export class RegistrationStep {
  @Field(() => String, { description: 'What the step does: NOTICE, PLEDGE, CANDIDATE_TYPE, PERSONAL_INFORMATION, PHOTO, MATERIALS, IDENTITY_CAPTURE, EXAM_CHOICE, CONFIRMATION, PAYMENT, QUALIFICATION_REVIEW, PREVIEW, DONE.' })
  code: string;

  @Field(() => String, { description: 'The step as the province names it.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'What the candidate does here.' })
  description?: string;

  @Field(() => Int, { description: 'Position in the flow, from 1.' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Its number as the manual counts (e.g. `2/7`); null for a page before the numbered steps.' })
  number?: string;

  @Field(() => StepStatusEnum, { description: 'Where the step stands.' })
  status: string;

  @Field(() => UserError, { nullable: true, description: 'Why a BLOCKED step cannot be done now: a window, a decision\'s refusal, a missing fact, a rejection.' })
  blockedBy?: UserError;

  @Field(() => [StepQuestion], { description: 'What the step asks this candidate.' })
  asks: StepQuestion[];

  @Field(() => String, { nullable: true, description: 'What the step shows instead of questions, e.g. 不需要考试.' })
  label?: string;

  @Field(() => StepText, { nullable: true, description: 'The text the step shows and has acknowledged.' })
  text?: StepText;

  @Field(() => RegistrationWindow, { nullable: true, description: 'The window the step is done in.' })
  window?: RegistrationWindow;

  @Field(() => [String], { description: 'Fields that cannot change directly once this step is done.' })
  locks: string[];

  @Field(() => StepVoiceFill, { nullable: true, description: 'Voice fill offered on this step (the personal-information step, where the form has `voiceFill`): record, upload as field `recording`, confirm the suggestions.' })
  voiceFill?: StepVoiceFill;

  @Field(() => Boolean, { description: 'Completed when its files are accepted (materials, photos): the upload service hands them over; not completed with `completeRegistrationStep`.' })
  completedByUpload: boolean;

  @Field(() => Date, { nullable: true, description: 'When the step was completed.' })
  completedAt?: Date;
}

@ObjectType({ description: 'The step to do next.' })
export class NextStep {
  @Field(() => String, { description: 'Its code.' })
  code: string;

  @Field(() => String, { description: 'Its title.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Its number, e.g. `3/7`.' })
  number?: string;
}

@ObjectType({ description: 'How a locked value may change now: the route and, for a change request, who decides it.' })
export class ChangeOptionView {
  @Field(() => ChangeRouteEnum, { description: 'EDIT (the candidate changes it) or CHANGE_REQUEST (a reviewer decides).' })
  route: string;

  @Field(() => String, { description: 'The phase that opens it: AFTER_LOCK, DURING_REVIEW, WHEN_RETURNED or AFTER_COMPLETION.' })
  phase: string;

  @Field(() => ReviewerRoleEnum, { nullable: true, description: 'Who decides a change request.' })
  decidedBy?: string;

  @Field(() => RegistrationWindow, { description: 'The window changes are made in.' })
  window: RegistrationWindow;
}

@ObjectType({ description: 'A value of the registration: what it holds, whether it is locked and why, and how it may change now.' })
export class RegistrationFieldState {
  @Field(() => String, { description: 'Field code.' })
  code: string;

  @Field(() => String, { description: 'Label as the province words it.' })
  label: string;

  @Field(() => String, { description: 'The step that asks it.' })
  step: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value (masked for partners where it is personal).' })
  value?: unknown;

  @Field(() => String, { nullable: true, description: 'The value as shown: an option\'s name, 是/否, 已上传.' })
  display?: string;

  @Field(() => Boolean, { description: 'It cannot change directly.' })
  locked: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is locked: READ_ONLY, STEP, SUBMITTED or COMPLETE.' })
  lockReason?: string;

  @Field(() => String, { nullable: true, description: 'The lock as a sentence for the candidate.' })
  lockMessage?: string;

  @Field(() => ChangeOptionView, { nullable: true, description: 'The route open now for a locked value; null when none is.' })
  changeable?: ChangeOptionView;
}

@ObjectType({ description: 'A decision taken for the registration (also kept in the decision records): its outcome, the facts it was taken on and the rule-set version.' })
export class RegistrationDecision {
  @Field(() => String, { description: 'applicationEligibility, examRequirement, dualApplication, requiredMaterials, feeQuote or paymentChannel.' })
  decision: string;

  @Field(() => GraphQLJSONObject, { description: 'The outcome, shaped by the decision (see docs/rules.md).' })
  outcome: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'The facts it was taken on, with those derived from them.' })
  facts: Record<string, unknown>;

  @Field(() => String, { description: 'The rule-set version that took it.' })
  ruleSetHash: string;

  @Field(() => String, { nullable: true, description: 'The step whose completion took it.' })
  step?: string;

  @Field(() => String, { nullable: true, description: 'The field whose change took it again.' })
  change?: string;

  @Field(() => Date, { description: 'When it was taken.' })
  takenAt: Date;
}

@ObjectType({ description: 'What the platform clock reads for a province: in development and tests it may be simulated, and the page must say so.' })
export class PlatformClockReading {
  @Field(() => String, { nullable: true, description: 'The province asked about.' })
  province?: string;

  @Field(() => Date, { description: 'The time registration windows are checked against now.' })
  now: Date;

  @Field(() => Boolean, { description: 'Whether this is a simulated time rather than the real one (never in production).' })
  simulated: boolean;

  @Field(() => String, { nullable: true, description: 'For a simulated clock, a sentence to show on every page, e.g. 演示环境：当前时间按 2023年3月31日 10:00（北京时间）计算.' })
  message?: string;

  @Field(() => String, { nullable: true, description: 'What configured it (e.g. `ZSB_CLOCK=demo`).' })
  source?: string;
}
