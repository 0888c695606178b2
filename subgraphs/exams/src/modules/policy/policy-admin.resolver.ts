import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Payload, staffIdOfActor, toPayload } from '@zsb/platform';
import type { DecisionName } from '@zsb/rules';
import type { Context } from '../../context.ts';
import { DecisionNameEnum, PolicyDecision } from './decision.type.ts';
import { StaffMemberReference, staffMemberReference } from './staff-member.reference.ts';

enum RuleSetStatus {
  IN_FORCE = 'IN_FORCE',
  PUBLISHED = 'PUBLISHED',
  DRAFT = 'DRAFT',
  INVALID_DRAFT = 'INVALID_DRAFT',
}
registerEnumType(RuleSetStatus, { name: 'RuleSetStatus', description: 'IN_FORCE: the published version that applies today; PUBLISHED: another published year; DRAFT / INVALID_DRAFT: not yet published.' });

@ObjectType({ description: 'One thing wrong with a rule file.' })
class RuleProblem {
  @Field(() => String)
  file: string;

  @Field(() => String, { description: 'JSON Pointer inside the file.' })
  path: string;

  @Field(() => String)
  message: string;
}

@ObjectType({ description: 'A value a draft holds only as a placeholder: publishing needs it replaced, or confirmed by its id.' })
class RulePlaceholder {
  @Field(() => String, { description: 'What confirms it: the file and the JSON Pointer, e.g. `parameters.json/windows/registration`.' })
  id: string;

  @Field(() => String)
  file: string;

  @Field(() => String, { description: 'JSON Pointer inside the file.' })
  path: string;

  @Field(() => String, { description: 'What the placeholder stands in for, as recorded in its reference.' })
  choice: string;

  @Field(() => String, { nullable: true, description: 'The section of the policy document it belongs to.' })
  section?: string;
}

@ObjectType({ description: 'One publication of a rule set: the version it put in force and the one it replaced, by whom, when and why.' })
class RuleSetPublication {
  @Field(() => Int, { description: "1 for the province-year's first publication; the highest is in force." })
  sequence: number;

  @Field(() => String)
  contentHash: string;

  @Field(() => String, { nullable: true })
  previousHash?: string;

  @Field(() => Date)
  publishedAt: Date;

  @Field(() => String, { description: 'Who published it, e.g. `staff:<id>`, or `files` for a version the rule files held at start; see publisher for staff.' })
  publishedBy: string;

  @Field(() => StaffMemberReference, { nullable: true, description: 'The member of staff who published it (their name and role); none when publishedBy names no staff (`files`, `cli:…`).' })
  publisher?: StaffMemberReference;

  @Field(() => String, { description: 'Why, as the publisher gave it.' })
  reason: string;

  @Field(() => [String], { description: 'Placeholders the publisher confirmed as they stand.' })
  confirmedPlaceholders: string[];

  @Field(() => Int, { nullable: true, description: 'Situations the dry run compared at publication.' })
  compared?: number;

  @Field(() => Int, { nullable: true, description: 'Outcomes the dry run found changed at publication.' })
  changedOutcomes?: number;
}

@ObjectType({ description: 'A province-year rule set, published or draft.' })
class RuleSetSummary {
  @Field(() => String)
  province: string;

  @Field(() => Int)
  examYear: number;

  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => RuleSetStatus)
  status: RuleSetStatus;

  @Field(() => String, { nullable: true, description: 'Content hash of this version.' })
  contentHash?: string;

  @Field(() => String, { nullable: true })
  effectiveFrom?: string;

  @Field(() => Int, { description: 'Example cases over all its decisions.' })
  caseCount: number;

  @Field(() => [RuleProblem])
  problems: RuleProblem[];

  @Field(() => [RuleSetPublication], { description: 'Its publications, newest first: every version ever in force for the province-year.' })
  publications: RuleSetPublication[];
}

enum SituationSource {
  CASE = 'CASE',
  SAMPLE = 'SAMPLE',
  RECORDED = 'RECORDED',
}
registerEnumType(SituationSource, { name: 'SituationSource', description: "CASE: an example case of either version; SAMPLE: facts given to the dry run; RECORDED: a registration's decision recorded under the compared version." });

@ObjectType({ description: 'An outcome that a draft decides differently from the version in force.' })
class OutcomeChange {
  @Field(() => SituationSource)
  source: SituationSource;

  @Field(() => DecisionNameEnum)
  decision: string;

  @Field(() => String, { description: 'Which example case, sample or recorded decision it is.' })
  situation: string;

  @Field(() => String, { description: 'The change in Chinese, with names beside codes and fees in 元.' })
  text: string;

  @Field(() => GraphQLJSONObject)
  facts: Record<string, unknown>;

  @Field(() => GraphQLJSONObject)
  before: Record<string, unknown>;

  @Field(() => GraphQLJSONObject)
  after: Record<string, unknown>;
}

@ObjectType({ description: 'A change of policy between the compared version and the draft.' })
class PolicyChange {
  @Field(() => String, { description: 'fees, windows, examCities, paymentChannels, candidateTypes, colleges, subjectGroups, steps, fields, materials, texts or title.' })
  area: string;

  @Field(() => String, { description: 'ADDED, REMOVED or CHANGED.' })
  kind: string;

  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  before?: string;

  @Field(() => String, { nullable: true })
  after?: string;

  @Field(() => String, { description: 'In Chinese, e.g. `「报名」费：0.01 元 → 50.00 元`.' })
  text: string;
}

@ObjectType({ description: 'Situations of one source compared, and how many decide differently.' })
class ComparisonCount {
  @Field(() => SituationSource)
  source: SituationSource;

  @Field(() => Int)
  compared: number;

  @Field(() => Int)
  changed: number;
}

@ObjectType({ description: 'What publishing a draft would do.' })
class RuleDryRun {
  @Field(() => Boolean, { description: 'Valid files and every example case passing: it may be published.' })
  valid: boolean;

  @Field(() => [RuleProblem])
  problems: RuleProblem[];

  @Field(() => [String], { description: 'Example cases of the draft that fail.' })
  failedCases: string[];

  @Field(() => Int, { description: 'Situations compared (example cases, samples, recorded decisions).' })
  compared: number;

  @Field(() => Int)
  changedCount: number;

  @Field(() => [OutcomeChange])
  changes: OutcomeChange[];

  @Field(() => String, { nullable: true })
  draftHash?: string;

  @Field(() => String, { nullable: true, description: 'The version in force for the same province-year, which publishing replaces.' })
  publishedHash?: string;

  @Field(() => String, { nullable: true, description: "What the draft was compared with: the province-year's version in force, else (a new year) the latest earlier year's, e.g. `CN-SD/2023`." })
  comparedWithRuleSet?: string;

  @Field(() => String, { nullable: true })
  comparedWithHash?: string;

  @Field(() => [PolicyChange], { description: 'Fees, windows, cities, channels (city by city), candidate types, steps, form fields, materials and texts that change.' })
  policyChanges: PolicyChange[];

  @Field(() => [ComparisonCount], { description: 'Situations compared and outcomes changed, by source.' })
  counts: ComparisonCount[];

  @Field(() => String, { description: 'The preview in Chinese (共 N 条：M 条结论改变), one line each.' })
  text: string;

  @Field(() => [RulePlaceholder], { description: 'Values of the draft marked as placeholders: each must be replaced, or confirmed when publishing.' })
  placeholders: RulePlaceholder[];
}

@InputType({ description: 'Facts to try a decision on; without a decision, every decision on the facts it reads.' })
class DecisionSampleInput {
  @Field(() => DecisionNameEnum, { nullable: true })
  decision?: DecisionName;

  @Field(() => String, { nullable: true, description: 'How the preview names it.' })
  name?: string;

  @Field(() => GraphQLJSONObject)
  facts: Record<string, unknown>;
}

@ObjectType({ description: 'Outcome of publishing a draft.' })
class PublishRuleSetPayload extends Payload {
  @Field(() => String, { nullable: true, description: 'Content hash of the version now in force.' })
  ruleSetHash?: string;

  @Field(() => String, { nullable: true, description: 'The version it replaced.' })
  previousHash?: string;

  @Field(() => Int, { nullable: true, description: 'Situations the dry run compared.' })
  compared?: number;

  @Field(() => Int, { nullable: true, description: 'Of those, how many decide differently.' })
  changedOutcomes?: number;
}

@ObjectType({ description: 'Outcome of re-deciding recorded decisions under the version in force.' })
class ReevaluatePayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Recorded decisions an older version had made.' })
  reevaluated?: number;

  @Field(() => Int, { nullable: true, description: 'Of those, how many the version in force decides differently.' })
  changed?: number;

  @Field(() => Int, { nullable: true, description: 'Of those, how many the version in force cannot decide on the recorded facts (it needs a fact they lack): left as they were.' })
  unresolved?: number;

  @Field(() => String, { nullable: true })
  ruleSetHash?: string;
}

@ObjectType({ description: 'Outcome of re-pinning one registration to the version in force.' })
class ReevaluateRegistrationPayload extends Payload {
  @Field(() => ID, { nullable: true })
  registrationId?: string;

  @Field(() => String, { nullable: true, description: 'The version it is now pinned to (in force).' })
  ruleSetHash?: string;

  @Field(() => String, { nullable: true, description: 'The version it was pinned to.' })
  previousHash?: string;

  @Field(() => Int, { nullable: true, description: 'Decisions taken again.' })
  retaken?: number;

  @Field(() => Int, { nullable: true, description: 'Of those, how many decide differently now.' })
  changed?: number;
}

@InputType({ description: 'One rule file of a draft, as its text.' })
class RuleFileInput {
  @Field(() => String, { description: 'As in the rule-set folder: `parameters.json`, `decisions/feeQuote.json`, …' })
  name: string;

  @Field(() => String, { description: "The file's JSON text (a syntax error is reported with its line and column)." })
  content: string;
}

@ObjectType({ description: 'Outcome of saving a draft handed over as JSON.' })
class SaveRuleSetDraftPayload extends Payload {
  @Field(() => [RuleProblem], { nullable: true, description: 'What is wrong with the draft, by file and JSON path (empty: valid). It is saved either way.' })
  problems?: RuleProblem[];

  @Field(() => String, { nullable: true, description: 'Content hash of the draft, when valid.' })
  draftHash?: string;

  @Field(() => [String], { nullable: true, description: 'The files saved from this request.' })
  files?: string[];
}

enum RuleFilesSource {
  DRAFT = 'DRAFT',
  VERSION = 'VERSION',
  NEW_YEAR = 'NEW_YEAR',
}
registerEnumType(RuleFilesSource, { name: 'RuleFilesSource', description: "DRAFT: the draft saved on the server; VERSION: the version in force for the year (no draft yet); NEW_YEAR: the latest earlier year's, its manifest moved to the year (no draft yet)." });

@ObjectType({ description: 'One rule file as text, with the JSON Schema that validates it.' })
class RuleFileText {
  @Field(() => String, { description: 'As in the rule-set folder: `parameters.json`, `decisions/feeQuote.json`, …' })
  name: string;

  @Field(() => String)
  content: string;

  @Field(() => String, { description: 'The file name of its schema (see ruleFileSchemas), e.g. `parameters.schema.json`.' })
  schema: string;
}

@ObjectType({ description: "The files policy staff edit for a province-year, and where they come from." })
class RuleSetFiles {
  @Field(() => RuleFilesSource)
  source: RuleFilesSource;

  @Field(() => String, { nullable: true, description: 'The version they were taken from, e.g. `CN-SD/2023` (none for a draft).' })
  ruleSetId?: string;

  @Field(() => String, { nullable: true })
  contentHash?: string;

  @Field(() => [RuleFileText])
  files: RuleFileText[];
}

@ObjectType({ description: 'A JSON Schema of the rule files, as the server validates them.' })
class RuleFileSchema {
  @Field(() => String, { description: 'e.g. `parameters.schema.json`; other schemas refer to it by its `$id`.' })
  file: string;

  @Field(() => GraphQLJSONObject)
  schema: Record<string, unknown>;
}

@Resolver(() => RuleSetPublication)
export class RuleSetPublicationResolver {
  @FieldResolver(() => StaffMemberReference, { nullable: true })
  publisher(@Root() publication: RuleSetPublication): StaffMemberReference | undefined {
    const id = staffIdOfActor(publication.publishedBy);
    return id ? staffMemberReference(id) : undefined;
  }
}

@Resolver()
export class PolicyAdminResolver {
  @Authorized('staff:POLICY_STAFF')
  @Query(() => RuleSetFiles, {
    description:
      "The files to edit for a province-year, as text: the draft's as saved, else the version in force for the year, else the latest earlier year's moved to the year (as `rules new-year` does). Reads only: saveRuleSetDraft makes the draft.",
  })
  ruleSetDraftFiles(@Arg('province', () => String) province: string, @Arg('examYear', () => Int) examYear: number, @Ctx() ctx: Context): RuleSetFiles {
    return ctx.policyAdmin.draftFiles(province, examYear) as RuleSetFiles;
  }

  @Authorized('staff:POLICY_STAFF')
  @Query(() => [RuleFileSchema], { description: 'The JSON Schemas of the rule files (draft 2020-12, each with its `$id`), for editors that check as staff type.' })
  ruleFileSchemas(@Ctx() ctx: Context): RuleFileSchema[] {
    return ctx.policyAdmin.schemas();
  }

  @Authorized('staff:POLICY_STAFF')
  @Query(() => PolicyDecision, { description: "Takes one decision with a province-year's draft on the given facts: the outcome and the explanation in Chinese, before publishing." })
  tryRuleSetDraftDecision(
    @Arg('province', () => String) province: string,
    @Arg('examYear', () => Int) examYear: number,
    @Arg('decision', () => DecisionNameEnum) decision: DecisionName,
    @Arg('facts', () => GraphQLJSONObject) facts: Record<string, unknown>,
    @Ctx() ctx: Context,
  ): Promise<PolicyDecision> {
    return ctx.policyAdmin.tryDraftDecision(province, examYear, decision, facts) as Promise<PolicyDecision>;
  }

  @Authorized('staff:POLICY_STAFF')
  @Mutation(() => SaveRuleSetDraftPayload, {
    description:
      'Saves a draft from its files\' JSON text by file name (`[{ name: "parameters.json", content: "{…}" }]`), validated as publishing validates it; files not given are kept from the draft, else taken from the version in force (of the year, else the latest earlier year). Then dryRunRuleSetDraft and publishRuleSetDraft. Audited.',
  })
  saveRuleSetDraft(
    @Arg('province', () => String) province: string,
    @Arg('examYear', () => Int) examYear: number,
    @Arg('files', () => [RuleFileInput]) files: RuleFileInput[],
    @Ctx() ctx: Context,
  ): Promise<SaveRuleSetDraftPayload> {
    return toPayload(SaveRuleSetDraftPayload, () => ctx.policyAdmin.saveDraft(province, examYear, files));
  }

  @Authorized('staff:POLICY_STAFF')
  @Mutation(() => ReevaluateRegistrationPayload, {
    description: 'Re-pins one registration to the version in force and takes its decisions again on their facts (the old records kept, superseded). Audited with the reason. A registration otherwise keeps deciding under the version it was pinned to.',
  })
  reevaluateRegistration(
    @Arg('registrationId', () => ID) registrationId: string,
    @Arg('reason', () => String) reason: string,
    @Arg('version', () => Int, { nullable: true, description: 'The registration version the page showed; refused if it changed since.' }) version: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<ReevaluateRegistrationPayload> {
    return toPayload(ReevaluateRegistrationPayload, () => ctx.policyAdmin.repinRegistration(ctx.registrationStore, registrationId, reason, version ?? undefined));
  }

  @Authorized('staff:POLICY_STAFF')
  @Mutation(() => ReevaluatePayload, { description: 'Re-decides recorded decisions made by older versions, keeping the old records. Audited.' })
  reevaluateRecordedDecisions(@Arg('province', () => String) province: string, @Arg('examYear', () => Int) examYear: number, @Ctx() ctx: Context): Promise<ReevaluatePayload> {
    return toPayload(ReevaluatePayload, () => ctx.policyAdmin.reevaluate(province, examYear));
  }

  @Authorized('staff:POLICY_STAFF')
  @Query(() => [RuleSetSummary], { description: 'Rule sets, published and draft, with their versions (policy staff).' })
  async ruleSets(@Ctx() ctx: Context): Promise<RuleSetSummary[]> {
    const today = new Date();
    const history = await ctx.policyAdmin.publications();
    const publicationsOf = (province: string, examYear: number) => history.filter((h) => h.ruleSetId === `${province}/${examYear}`);
    const published = ctx.rules.all().map((set) => ({
      province: set.manifest.province,
      examYear: set.manifest.examYear,
      title: set.manifest.title,
      status: ctx.rules.current(set.manifest.province, today)?.contentHash === set.contentHash ? RuleSetStatus.IN_FORCE : RuleSetStatus.PUBLISHED,
      contentHash: set.contentHash,
      effectiveFrom: set.manifest.effective.from,
      caseCount: Object.values(set.decisions).reduce((n, d) => n + d.cases.length, 0),
      problems: [],
      publications: publicationsOf(set.manifest.province, set.manifest.examYear),
    }));
    const drafts = ctx.policyAdmin.drafts().map((d) => ({
      province: d.province,
      examYear: d.examYear,
      title: d.ruleSet?.manifest.title,
      status: d.ruleSet ? RuleSetStatus.DRAFT : RuleSetStatus.INVALID_DRAFT,
      contentHash: d.ruleSet?.contentHash,
      effectiveFrom: d.ruleSet?.manifest.effective.from,
      caseCount: d.ruleSet ? Object.values(d.ruleSet.decisions).reduce((n, x) => n + x.cases.length, 0) : 0,
      problems: d.problems,
      publications: [],
    }));
    return [...published, ...drafts];
  }

  @Authorized('staff:POLICY_STAFF')
  @Query(() => RuleDryRun, { description: "Tries a draft: validity, its cases, and which outcomes would change against the version in force." })
  async dryRunRuleSetDraft(
    @Arg('province', () => String) province: string,
    @Arg('examYear', () => Int) examYear: number,
    @Arg('samples', () => [DecisionSampleInput], { defaultValue: [] }) samples: DecisionSampleInput[],
    @Ctx() ctx: Context,
  ): Promise<RuleDryRun> {
    const result = await ctx.policyAdmin.dryRun(province, examYear, samples);
    const c = result.comparison;
    return {
      ...result,
      changes: result.changes as OutcomeChange[],
      changedCount: result.changes.length,
      comparedWithRuleSet: result.comparedWith?.ruleSetId,
      comparedWithHash: result.comparedWith?.contentHash,
      policyChanges: c?.policy ?? [],
      counts: (c?.counts ?? []) as ComparisonCount[],
      text: [...(result.valid ? [] : ['草稿未通过校验：', ...result.problems.map((p) => `  ${p.file} ${p.path}: ${p.message}`), ...result.failedCases.map((f) => `  示例未通过：${f}`)]), ...(c?.text ?? (result.valid ? ['没有可对比的现行版本'] : []))].join('\n'),
    };
  }

  @Authorized('staff:POLICY_STAFF')
  @Mutation(() => PublishRuleSetPayload, { description: 'Publishes a valid draft: the version is kept in the database with who, when, why and what it replaced, and every replica applies it within seconds, without a restart. Refused (PLACEHOLDERS_UNCONFIRMED) while a placeholder is neither replaced nor confirmed. Audited.' })
  publishRuleSetDraft(
    @Arg('province', () => String) province: string,
    @Arg('examYear', () => Int) examYear: number,
    @Arg('confirmPlaceholders', () => [String], { defaultValue: [], description: "Ids of the draft's placeholders (see dryRunRuleSetDraft's placeholders) that policy staff confirm as they stand." })
    confirmPlaceholders: string[],
    @Arg('reason', () => String, { description: 'Why it is published (recorded with the publication and audited).' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<PublishRuleSetPayload> {
    return toPayload(PublishRuleSetPayload, () => ctx.policyAdmin.publish(province, examYear, confirmPlaceholders, reason));
  }
}
