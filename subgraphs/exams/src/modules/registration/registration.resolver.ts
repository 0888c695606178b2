import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, seesWholeIdentity, toPayload } from '@zsb/platform';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { StepCode } from '@zsb/rules';
import type { Context } from '../../context.ts';
import { ExamSession } from '../exam-session/exam-session.entity.ts';
import { ChangeRequest } from '../review/change-request.entity.ts';
import { reaches, REGISTRATIONS_SCOPE, seesPersonalData } from './registration.access.ts';
import { Registration } from './registration.entity.ts';
import { CompleteRegistrationStepInput, RegistrationFilter } from './registration.inputs.ts';
import { RegistrationPage, RegistrationPayload, RegistrationStatusCount } from './registration.payloads.ts';
import { NextStep, RegistrationDecision, RegistrationFieldState, RegistrationPayment, RegistrationReview, RegistrationStep } from './registration.types.ts';
import { decisionView, fieldView, personalFields, reviewView, stepView, type MaskedFields } from './registration.view.ts';

const STAFF_OR_PARTNER = ['staff', `partner:${REGISTRATIONS_SCOPE}`];

@Resolver(() => Registration)
export class RegistrationResolver {
  @Authorized('candidate')
  @Query(() => Registration, { nullable: true, description: "The signed-in candidate's registration for an exam session (the one in force for their province when omitted); null before it is started." })
  myRegistration(@Arg('examSessionId', () => ID, { nullable: true, description: 'e.g. `CN-SD-2023`.' }) examSessionId: string | undefined, @Ctx() ctx: Context): Promise<Registration | null> {
    return ctx.registrations.mine(examSessionId);
  }

  @Authorized('candidate', ...STAFF_OR_PARTNER)
  @Query(() => Registration, { nullable: true, description: "One registration: a candidate's own, or one within a reviewer's college or province or a partner key's province; null otherwise." })
  registration(@Arg('id', () => ID, { description: 'The registration.' }) id: string, @Ctx() ctx: Context): Promise<Registration | null> {
    return ctx.loaders.registration.load(id);
  }

  @Authorized(...STAFF_OR_PARTNER)
  @Query(() => RegistrationPage, { description: 'Registrations of an exam session within the caller\'s reach, filtered by status, college, city and candidate type, oldest first, a page at a time.' })
  registrations(
    @Arg('filter', () => RegistrationFilter, { description: 'What to list.' }) filter: RegistrationFilter,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size (at most 200).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<RegistrationPage> {
    return ctx.registrationQueries.list(filter, first, after);
  }

  @Authorized(...STAFF_OR_PARTNER)
  @Query(() => [RegistrationStatusCount], { description: 'How many registrations within the caller\'s reach are in each status, for dashboards.' })
  registrationCounts(@Arg('filter', () => RegistrationFilter, { description: 'Which registrations to count (its status is ignored).' }) filter: RegistrationFilter, @Ctx() ctx: Context): Promise<RegistrationStatusCount[]> {
    return ctx.registrationQueries.counts(filter);
  }

  @Authorized('candidate')
  @Mutation(() => RegistrationPayload, { description: 'Starts the candidate\'s registration (报名) for an exam session, inside its window; starting again answers the same registration.' })
  startRegistration(@Arg('examSessionId', () => ID, { nullable: true, description: 'e.g. `CN-SD-2023`; the session in force for the candidate\'s province when omitted.' }) examSessionId: string | undefined, @Ctx() ctx: Context): Promise<RegistrationPayload> {
    return toPayload(RegistrationPayload, async () => ({ registration: await ctx.registrations.start(examSessionId) }));
  }

  @Authorized('candidate')
  @Mutation(() => RegistrationPayload, { description: 'Records that a step\'s page is shown (the first time only): a text\'s countdown, such as 报考承诺\'s 3 s, is counted by the server from then.' })
  showRegistrationStep(
    @Arg('registrationId', () => ID, { description: 'The registration.' }) registrationId: string,
    @Arg('step', () => String, { description: 'The step\'s code.' }) step: string,
    @Ctx() ctx: Context,
  ): Promise<RegistrationPayload> {
    return toPayload(RegistrationPayload, async () => ({ registration: await ctx.registrations.show(registrationId, step as StepCode) }));
  }

  @Authorized('candidate')
  @Mutation(() => RegistrationPayload, { description: 'Completes a step (or redoes one whose values have not locked) with the candidate\'s answers, checked against the rules, the window and the countdown.' })
  completeRegistrationStep(@Arg('input', () => CompleteRegistrationStepInput, { description: 'What to do.' }) input: CompleteRegistrationStepInput, @Ctx() ctx: Context): Promise<RegistrationPayload> {
    return toPayload(RegistrationPayload, async () => ({ registration: await ctx.registrations.complete(input.registrationId, input.step as StepCode, input.values, input.version ?? undefined) }));
  }

  @Authorized('candidate')
  @Mutation(() => RegistrationPayload, { description: 'Acknowledges the integrity pledge shown before paying (诚信考试承诺书), where the rules have one; payment is accepted only after it.' })
  acknowledgeIntegrityPledge(
    @Arg('registrationId', () => ID, { description: 'The registration.' }) registrationId: string,
    @Arg('version', () => Int, { nullable: true, description: 'The registration version the page showed.' }) version: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<RegistrationPayload> {
    return toPayload(RegistrationPayload, async () => ({ registration: await ctx.registrations.acknowledgePledge(registrationId, version ?? undefined) }));
  }

  @FieldResolver(() => ExamSession, { nullable: true, description: 'The exam session registered for.' })
  examSession(@Root() registration: Registration, @Ctx() ctx: Context): Promise<ExamSession | null> {
    return ctx.loaders.examSession.load(registration.examSessionId);
  }

  @FieldResolver(() => [RegistrationStep], { description: 'The steps, in order, as the rules apply to this candidate now: status, number, what each asks, its window.' })
  async steps(@Root() registration: Registration, @Ctx() ctx: Context): Promise<RegistrationStep[]> {
    const [plan, masked, { set }] = await Promise.all([ctx.registrationStore.plan(registration), maskedFields(registration, ctx), ctx.registrationStore.rules(registration)]);
    return plan.steps.map((s) => stepView(s, masked, set.form.voiceFill));
  }

  @FieldResolver(() => RegistrationStep, { nullable: true, description: 'A step as it would ask with these answers, without submitting them: 是否兼报 是 shows the exam cities and subject groups it opens. Nothing is stored.' })
  async stepPreview(
    @Root() registration: Registration,
    @Arg('step', () => String, { description: "The step's code." }) step: string,
    @Arg('values', () => GraphQLJSONObject, { description: 'Tentative answers by field code.' }) values: Record<string, unknown>,
    @Ctx() ctx: Context,
  ): Promise<RegistrationStep | null> {
    const [planned, masked, { set }] = await Promise.all([ctx.registrations.previewStep(registration, step as StepCode, values), maskedFields(registration, ctx), ctx.registrationStore.rules(registration)]);
    return planned ? stepView(planned, masked, set.form.voiceFill) : null;
  }

  @FieldResolver(() => NextStep, { nullable: true, description: 'The step to do next; null when nothing is left to do.' })
  async next(@Root() registration: Registration, @Ctx() ctx: Context): Promise<NextStep | null> {
    return (await ctx.registrationStore.plan(registration)).next;
  }

  @FieldResolver(() => [RegistrationFieldState], { description: 'Every value of the registration: what it holds, whether it is locked and why, and how it may change now.' })
  async fields(@Root() registration: Registration, @Ctx() ctx: Context): Promise<RegistrationFieldState[]> {
    const [plan, masked] = await Promise.all([ctx.registrationStore.plan(registration), maskedFields(registration, ctx)]);
    return plan.fields.map((f) => fieldView(f, masked));
  }

  @FieldResolver(() => [RegistrationDecision], { description: 'The latest decision of each kind taken for the registration.' })
  async decisions(@Root() registration: Registration, @Ctx() ctx: Context): Promise<RegistrationDecision[]> {
    return Object.values((await ctx.registrationStore.plan(registration)).decisions).map((d) => decisionView(d!));
  }

  @FieldResolver(() => RegistrationPayment, { nullable: true, description: 'What is owed and whether payment can start now; null where the flow has no payment step.' })
  payment(@Root() registration: Registration, @Ctx() ctx: Context): Promise<RegistrationPayment | undefined> {
    return ctx.registrations.payment(registration);
  }

  @FieldResolver(() => RegistrationReview, { nullable: true, description: 'Qualification review: the stage it waits at, the reason of a rejection or return, the history; null where the flow has none.' })
  async review(@Root() registration: Registration, @Ctx() ctx: Context): Promise<RegistrationReview | undefined> {
    return reviewView(await ctx.registrationStore.plan(registration), registration.state.review?.history ?? []);
  }

  @FieldResolver(() => [ChangeRequest], { description: 'Changes of locked values, made or asked for, newest first (not shown to partners).' })
  changeRequests(@Root() registration: Registration, @Ctx() ctx: Context): Promise<ChangeRequest[]> {
    if (!seesPersonalData(ctx.caller.principal)) throw forbidden();
    return ctx.changes.forRegistration(registration.id);
  }
}

/**
 * The personal fields the caller must see masked (a partner without `registrations.read.identity`), or null; and a
 * read by staff or a partner is noted for the request's `personal-data.read` audit entry.
 */
async function maskedFields(registration: Registration, ctx: Context): Promise<MaskedFields> {
  const { principal } = ctx.caller;
  if (principal.kind !== 'staff' && principal.kind !== 'partner') return null;
  const fields = personalFields((await ctx.registrationStore.rules(registration)).set);
  const whole = seesWholeIdentity(principal, 'registrations');
  const kinds = new Set([...fields.values()]);
  if (kinds.has('idNumber')) ctx.personalDataReads.note('Registration', registration.id, 'idNumber', !whole);
  if (kinds.has('phone')) ctx.personalDataReads.note('Registration', registration.id, 'phone', !whole);
  if (fields.has('name')) ctx.personalDataReads.note('Registration', registration.id, 'name', !whole);
  return whole ? null : fields;
}

/** Loads registrations by id for this request, each only if the caller reaches it. */
export async function loadReachable(ctx: Context, ids: readonly string[]): Promise<(Registration | null)[]> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const found = valid.length ? await ctx.em.find(Registration, { id: { $in: [...valid] } }) : [];
  const reach = reaches(ctx.caller.principal);
  const byId = new Map(found.filter(reach).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}
