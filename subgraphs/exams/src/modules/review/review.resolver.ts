import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { toPayload } from '@zsb/platform';
import type { Context } from '../../context.ts';
import { Registration } from '../registration/registration.entity.ts';
import { ChangeRequestStatusEnum } from '../registration/registration.enums.ts';
import { RequestRegistrationChangesInput } from '../registration/registration.inputs.ts';
import { RegistrationPage, RegistrationPayload } from '../registration/registration.payloads.ts';
import { ChangeRequest, type ChangeRequestStatus } from './change-request.entity.ts';
import { DecideChangeRequestInput, ReviewQueueFilter, ReviewRegistrationInput } from './review.inputs.ts';
import { ChangeRequestPage, DecideChangeRequestPayload, RequestRegistrationChangesPayload } from './review.payloads.ts';

const REVIEWERS = ['staff:COLLEGE_REVIEWER', 'staff:PROVINCE_REVIEWER'];

@Resolver(() => ChangeRequest)
export class ReviewResolver {
  @Authorized(...REVIEWERS)
  @Query(() => RegistrationPage, { description: "Registrations waiting at the caller's review stage, in the caller's college or province, oldest submission first; narrowed by college, exam city and candidate type." })
  reviewQueue(
    @Arg('examSessionId', () => ID, { description: 'e.g. `CN-NM-2026`.' }) examSessionId: string,
    @Arg('filter', () => ReviewQueueFilter, { nullable: true, description: 'College, exam city and candidate type to narrow the queue to.' }) filter: ReviewQueueFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size (at most 200).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<RegistrationPage> {
    return ctx.registrationQueries.reviewQueue({ ...filter, examSessionId }, first, after);
  }

  @Authorized(...REVIEWERS)
  @Query(() => ChangeRequestPage, { description: "Change requests (申请修改) the caller's role decides, in the caller's college or province, oldest first." })
  changeRequests(
    @Arg('examSessionId', () => ID, { description: 'e.g. `CN-SD-2023`.' }) examSessionId: string,
    @Arg('status', () => ChangeRequestStatusEnum, { nullable: true, defaultValue: 'PENDING', description: 'Which ones (PENDING by default).' }) status: ChangeRequestStatus | undefined,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size (at most 200).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<ChangeRequestPage> {
    return ctx.registrationQueries.changeRequests(examSessionId, status, first, after);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => RegistrationPayload, { description: 'A reviewer approves, rejects (with a reason) or returns for changes (with a reason) a registration at their review stage. Audited; the candidate is told by SMS.' })
  reviewRegistration(@Arg('input', () => ReviewRegistrationInput, { description: 'What to do.' }) input: ReviewRegistrationInput, @Ctx() ctx: Context): Promise<RegistrationPayload> {
    return toPayload(RegistrationPayload, async () => ({ registration: await ctx.reviews.review(input.registrationId, { outcome: input.outcome, reason: input.reason ?? undefined }, input.version ?? undefined) }));
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => DecideChangeRequestPayload, { description: 'The reviewer the rules name approves or refuses a change request. Audited; the candidate is told by SMS.' })
  decideChangeRequest(@Arg('input', () => DecideChangeRequestInput, { description: 'What to do.' }) input: DecideChangeRequestInput, @Ctx() ctx: Context): Promise<DecideChangeRequestPayload> {
    return toPayload(DecideChangeRequestPayload, async () => {
      const { request, registration } = await ctx.changes.decide(input.changeRequestId, input.approve, input.reason ?? undefined);
      return { changeRequest: request, registration };
    });
  }

  @Authorized('candidate')
  @Mutation(() => RequestRegistrationChangesPayload, { description: 'Changes locked values as the rules allow now: an edit the candidate may make (during review it resubmits the registration), or a change request (申请修改) for the reviewer the rules name.' })
  requestRegistrationChanges(@Arg('input', () => RequestRegistrationChangesInput, { description: 'What to do.' }) input: RequestRegistrationChangesInput, @Ctx() ctx: Context): Promise<RequestRegistrationChangesPayload> {
    return toPayload(RequestRegistrationChangesPayload, async () => {
      const { registration, requests } = await ctx.changes.requestForCandidate(input.registrationId, input.changes, input.version ?? undefined);
      return { registration, changeRequests: requests };
    });
  }

  @FieldResolver(() => GraphQLJSON, { nullable: true, description: 'The value before the change.' })
  oldValue(@Root() request: ChangeRequest): unknown {
    return request.values.oldValue;
  }

  @FieldResolver(() => GraphQLJSON, { nullable: true, description: 'The value asked for.' })
  newValue(@Root() request: ChangeRequest): unknown {
    return request.values.newValue;
  }

  @FieldResolver(() => Registration, { nullable: true, description: 'The registration it changes.' })
  registration(@Root() request: ChangeRequest, @Ctx() ctx: Context): Promise<Registration | null> {
    return ctx.loaders.registration.load(request.registrationId);
  }
}
