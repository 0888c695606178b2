import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A code and its name, as the policy lists it (a city, a subject, a payment channel).' })
export class PolicyOption {
  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;
}

@ObjectType({ description: 'The policy document a value comes from, and any choice recorded where the document is unclear.' })
export class PolicyCitation {
  @Field(() => String, { description: "Key of the rule set's references, e.g. `manual`." })
  document: string;

  @Field(() => String, { nullable: true, description: "The document's title." })
  title?: string;

  @Field(() => String, { nullable: true })
  section?: string;

  @Field(() => String, { nullable: true, description: 'What was chosen where the document is unclear, and why.' })
  choice?: string;
}

@ObjectType({ description: 'One step of registration (报名步骤), in order, titled as the province names it.' })
export class FlowStep {
  @Field(() => Int, { description: 'Position, from 1.' })
  position: number;

  @Field(() => String, { description: 'What the step does: NOTICE, PLEDGE, CANDIDATE_TYPE, PERSONAL_INFORMATION, PHOTO, MATERIALS, IDENTITY_CAPTURE, EXAM_CHOICE, CONFIRMATION, PAYMENT, QUALIFICATION_REVIEW, PREVIEW, DONE.' })
  code: string;

  @Field(() => Int, { nullable: true, description: 'Its number as the manual counts steps (e.g. 3 of 1/7–7/7); null for a page before the numbered steps.' })
  number?: number;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => [String], { description: 'Choices that cannot change once this step is done (form fields, examCity, subjectGroup, dualApplication).' })
  locks: string[];

  @Field(() => PolicyCitation, { nullable: true })
  reference?: PolicyCitation;
}

@ObjectType({ description: 'A field of the personal-information form (个人信息).' })
export class FormFieldRule {
  @Field(() => String)
  code: string;

  @Field(() => String)
  label: string;

  @Field(() => String, { description: 'text, select, date, phone, email, postcode, idNumber, region, textarea.' })
  type: string;

  @Field(() => Boolean)
  required: boolean;

  @Field(() => [PolicyOption], { description: 'Choices of a select field (taken from the parameters where `optionsFrom` says so).' })
  options: PolicyOption[];

  @Field(() => String, { nullable: true, description: 'A regular expression the value must match.' })
  pattern?: string;

  @Field(() => Int, { nullable: true })
  minLength?: number;

  @Field(() => Int, { nullable: true })
  maxLength?: number;

  @Field(() => String, { nullable: true, description: 'Shown when the value breaks the pattern or lengths.' })
  validationMessage?: string;

  @Field(() => Boolean, { description: 'Shown but not editable (e.g. pre-filled from the roster).' })
  readOnly: boolean;

  @Field(() => String, { nullable: true, description: 'Where the value is pre-filled from, e.g. `roster.majorName`.' })
  prefill?: string;

  @Field(() => String, { nullable: true, description: 'The step after which the value cannot change directly, e.g. CONFIRMATION (确认报考信息) or PAYMENT (确认并缴费); every value locks at submission for review or completion at the latest.' })
  locksAt?: string;

  @Field(() => Boolean, { description: 'May be changed through a change request after registration is complete (the flow rules\' changes).' })
  changeableAfterCompletion: boolean;

  @Field(() => String, { nullable: true })
  hint?: string;

  @Field(() => PolicyCitation, { nullable: true })
  reference?: PolicyCitation;
}

@ObjectType({ description: 'A material a candidate may have to upload (材料), with the files accepted.' })
export class MaterialRule {
  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => [String], { description: 'jpg, png, pdf.' })
  formats: string[];

  @Field(() => Int)
  maxBytes: number;

  @Field(() => Boolean, { description: 'Must be an unedited photo or scan (不得做任何修改).' })
  unedited: boolean;

  @Field(() => PolicyCitation, { nullable: true })
  reference?: PolicyCitation;
}

@ObjectType({ description: "The photo and identity capture the province asks for (照片/身份信息采集)." })
export class PhotoRule {
  @Field(() => String, { description: 'CAMERA_CAPTURE or UPLOAD.' })
  kind: string;

  @Field(() => Boolean, { description: "The ID card's front is captured too." })
  idCardFront: boolean;

  @Field(() => String, { nullable: true, description: 'AUTOMATIC or MANUAL compliance check (合规检测).' })
  compliance?: string;

  @Field(() => Boolean, { description: 'The photo is compared with the identity record (身份核验).' })
  identityComparison: boolean;

  @Field(() => [String])
  requirements: string[];

  @Field(() => [String])
  formats: string[];

  @Field(() => Int, { nullable: true })
  maxBytes?: number;

  @Field(() => PolicyCitation, { nullable: true })
  reference?: PolicyCitation;
}

@ObjectType({ description: 'A text candidates read and acknowledge: 考生须知, 报考承诺, 诚信考试承诺书.' })
export class PolicyText {
  @Field(() => String, { description: 'NOTICE, PLEDGE or INTEGRITY_PLEDGE.' })
  code: string;

  @Field(() => String)
  title: string;

  @Field(() => [String], { description: 'Paragraphs.' })
  body: string[];

  @Field(() => String, { nullable: true, description: 'The tick-box label.' })
  acknowledgement?: string;

  @Field(() => Int, { description: 'Seconds before the tick-box unlocks (0: at once).' })
  countdownSeconds: number;

  @Field(() => Boolean, { description: 'Offered as a document to download.' })
  downloadable: boolean;

  @Field(() => PolicyCitation)
  reference: PolicyCitation;
}

@ObjectType({ description: '考生类型: a candidate type and whether it is exempt from the written exam (免试).' })
export class CandidateTypeRule {
  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => Boolean)
  exempt: boolean;

  @Field(() => String, { nullable: true })
  description?: string;
}

@ObjectType({ description: '科目组: subjects sat together and the majors (专业范围) they open.' })
export class SubjectGroupRule {
  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => [PolicyOption])
  subjects: PolicyOption[];

  @Field(() => [String])
  majorScope: string[];
}

@ObjectType({ description: 'A fee item (费用项目) and its amount in fen.' })
export class FeeLine {
  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => Int)
  amountFen: number;
}

@ObjectType({ description: 'A dated window (报名, 缴费, …), in China Standard Time, with daily hours where the policy sets them.' })
export class PolicyWindow {
  @Field(() => String, { description: 'e.g. `registration`, `payment`.' })
  name: string;

  @Field(() => String, { description: 'First day, YYYY-MM-DD.' })
  from: string;

  @Field(() => String, { description: 'Last day, YYYY-MM-DD.' })
  until: string;

  @Field(() => String, { nullable: true, description: 'Daily opening, HH:MM.' })
  dailyFrom?: string;

  @Field(() => String, { nullable: true, description: 'Daily closing, HH:MM.' })
  dailyUntil?: string;

  @Field(() => PolicyCitation)
  reference: PolicyCitation;
}

@ObjectType({ description: "A province-year's registration rules: what its screens show and ask, read from its rule set." })
export class RegistrationRules {
  @Field(() => String)
  province: string;

  @Field(() => Int)
  examYear: number;

  @Field(() => String)
  title: string;

  @Field(() => String, { description: 'Content hash of the rule-set version these rules come from.' })
  ruleSetHash: string;

  @Field(() => [FlowStep])
  steps: FlowStep[];

  @Field(() => [FormFieldRule])
  formFields: FormFieldRule[];

  @Field(() => [MaterialRule], { description: 'Every material the province may ask for; `requiredMaterials` says which a candidate must upload.' })
  materials: MaterialRule[];

  @Field(() => PhotoRule)
  photo: PhotoRule;

  @Field(() => [PolicyText])
  texts: PolicyText[];

  @Field(() => [CandidateTypeRule])
  candidateTypes: CandidateTypeRule[];

  @Field(() => [PolicyOption], { description: '考试地点.' })
  examCities: PolicyOption[];

  @Field(() => [PolicyOption], { description: 'Colleges (院校) the province lists, by code: empty where the rules list none.' })
  colleges: PolicyOption[];

  @Field(() => [SubjectGroupRule])
  subjectGroups: SubjectGroupRule[];

  @Field(() => [FeeLine])
  feeItems: FeeLine[];

  @Field(() => [PolicyOption])
  paymentChannels: PolicyOption[];

  @Field(() => Boolean, { nullable: true, description: 'Whether a paid fee can be refunded; null where the policy does not say.' })
  refundAfterPayment?: boolean;

  @Field(() => [String], { description: 'Notices shown on the payment page.' })
  paymentNotices: string[];

  @Field(() => [PolicyWindow])
  windows: PolicyWindow[];
}
