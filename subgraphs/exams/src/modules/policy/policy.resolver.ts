import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { explainInChinese, type DecisionName } from '@zsb/rules';
import type { Context } from '../../context.ts';
import { DecisionNameEnum, FeeQuote, PaymentChannelChoice, PolicyDecision, RequiredMaterials } from './decision.type.ts';
import { RegistrationRules, type PolicyOption } from './registration-rules.type.ts';

const provinceArg = { nullable: true, description: "Province code; the signed-in candidate's province when omitted." } as const;
const factsArg = { description: 'What is known of the application, as the decision declares its facts (e.g. `{ "examCity": "370200", "subjectGroup": "MEDICINE" }`).' } as const;

@Resolver()
export class PolicyResolver {
  @Query(() => RegistrationRules, { description: "The registration rules in force for a province: steps, form, materials, photo, texts, cities, subject groups, fees, channels, windows." })
  registrationRules(@Arg('province', () => String, provinceArg) province: string | undefined, @Ctx() ctx: Context): RegistrationRules {
    return ctx.policy.registrationRules(province);
  }

  @Query(() => PolicyDecision, { description: 'Asks the rules for one decision on the given facts; returns the outcome, why, and the rule-set version.' })
  async decide(
    @Arg('decision', () => DecisionNameEnum) decision: DecisionName,
    @Arg('facts', () => GraphQLJSONObject, factsArg) facts: Record<string, unknown>,
    @Arg('province', () => String, provinceArg) province: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<PolicyDecision> {
    const taken = await ctx.policy.decide(province, decision, facts);
    // Names come from the very version that decided, even if the rules were reloaded meanwhile.
    return { ...taken, explanationText: explainInChinese(ctx.rules.version(taken.ruleSetHash)!, taken).join('\n') };
  }

  @Query(() => FeeQuote, { description: 'The fees to pay for the application described by the facts (报名费用), item by item.' })
  async feeQuote(
    @Arg('facts', () => GraphQLJSONObject, factsArg) facts: Record<string, unknown>,
    @Arg('province', () => String, provinceArg) province: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<FeeQuote> {
    const decision = await ctx.policy.decide(province, 'feeQuote', facts);
    return { lines: decision.outcome.lines as FeeQuote['lines'], totalFen: decision.outcome.totalFen as number, explanation: decision.explanation, ruleSetHash: decision.ruleSetHash };
  }

  @Query(() => PaymentChannelChoice, { description: 'The payment channel for the application described by the facts.' })
  async paymentChannel(
    @Arg('facts', () => GraphQLJSONObject, factsArg) facts: Record<string, unknown>,
    @Arg('province', () => String, provinceArg) province: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<PaymentChannelChoice> {
    const decision = await ctx.policy.decide(province, 'paymentChannel', facts);
    // Names come from the very version that decided, even if the rules were reloaded meanwhile.
    const set = ctx.rules.version(decision.ruleSetHash)!;
    const channel = set.parameters.paymentChannels.items.find((c) => c.code === decision.outcome.channel) as PolicyOption;
    return { channel, explanation: decision.explanation, ruleSetHash: decision.ruleSetHash };
  }

  @Query(() => RequiredMaterials, { description: 'The materials the candidate described by the facts must upload.' })
  async requiredMaterials(
    @Arg('facts', () => GraphQLJSONObject, factsArg) facts: Record<string, unknown>,
    @Arg('province', () => String, provinceArg) province: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<RequiredMaterials> {
    const decision = await ctx.policy.decide(province, 'requiredMaterials', facts);
    const set = ctx.rules.version(decision.ruleSetHash)!;
    const materials = (decision.outcome.items as string[]).map((code) => {
      const m = set.materials.materials.find((x) => x.code === code)!;
      return { ...m, unedited: m.unedited ?? false, reference: m.reference && { ...m.reference, title: set.manifest.references[m.reference.document]?.title } };
    });
    return { materials, explanation: decision.explanation, ruleSetHash: decision.ruleSetHash };
  }
}
