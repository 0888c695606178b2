import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { DECISIONS } from '@zsb/rules';
import { FeeLine, MaterialRule, PolicyCitation, PolicyOption } from './registration-rules.type.ts';

export const DecisionNameEnum = Object.fromEntries(DECISIONS.map((d) => [d, d])) as { [K in (typeof DECISIONS)[number]]: K };
registerEnumType(DecisionNameEnum, {
  name: 'DecisionName',
  description: 'A decision every rule set makes: applicationEligibility, examRequirement, dualApplication (兼报), requiredMaterials, feeQuote, paymentChannel.',
});

@ObjectType({ description: 'One condition of a rule as evaluated.' })
export class ConditionTrace {
  @Field(() => String)
  fact: string;

  @Field(() => String)
  operator: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'What the fact was compared with.' })
  value?: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The fact as given.' })
  factValue?: unknown;

  @Field(() => Boolean)
  passed: boolean;
}

@ObjectType({ description: 'One rule of a decision as evaluated: whether it fired, which conditions held, and the policy it implements.' })
export class RuleTrace {
  @Field(() => String)
  rule: string;

  @Field(() => Boolean)
  fired: boolean;

  @Field(() => [ConditionTrace])
  conditions: ConditionTrace[];

  @Field(() => PolicyCitation)
  reference: PolicyCitation;
}

@ObjectType({ description: 'What the rules decided, why, and the rule-set version that decided it (to be recorded with the decision).' })
export class PolicyDecision {
  @Field(() => DecisionNameEnum)
  decision: string;

  @Field(() => GraphQLJSONObject, { description: "The outcome, shaped by the decision (see docs/rules.md)." })
  outcome: Record<string, unknown>;

  @Field(() => [RuleTrace])
  explanation: RuleTrace[];

  @Field(() => String, { description: 'The explanation for policy staff, in Chinese: the situation and outcome with names and 元, each rule and condition in words with whether it held, the manual section and any recorded choice (lines separated by newlines).' })
  explanationText: string;

  @Field(() => String, { description: 'e.g. `CN-SD/2023`.' })
  ruleSetId: string;

  @Field(() => String)
  ruleSetHash: string;
}

@ObjectType({ description: 'The fees a candidate pays (费用), item by item, and the total, with the explanation.' })
export class FeeQuote {
  @Field(() => [FeeLine])
  lines: FeeLine[];

  @Field(() => Int, { description: '费用合计, in fen.' })
  totalFen: number;

  @Field(() => [RuleTrace])
  explanation: RuleTrace[];

  @Field(() => String)
  ruleSetHash: string;
}

@ObjectType({ description: 'The payment channel a candidate pays through, with the explanation.' })
export class PaymentChannelChoice {
  @Field(() => PolicyOption)
  channel: PolicyOption;

  @Field(() => [RuleTrace])
  explanation: RuleTrace[];

  @Field(() => String)
  ruleSetHash: string;
}

@ObjectType({ description: 'The materials a candidate must upload, with the explanation.' })
export class RequiredMaterials {
  @Field(() => [MaterialRule])
  materials: MaterialRule[];

  @Field(() => [RuleTrace])
  explanation: RuleTrace[];

  @Field(() => String)
  ruleSetHash: string;
}
