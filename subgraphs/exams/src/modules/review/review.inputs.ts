import { Field, ID, InputType, Int } from 'type-graphql';
import { ReviewOutcomeEnum } from '../registration/registration.enums.ts';

@InputType({ description: "A reviewer's answer at the registration's current review stage." })
export class ReviewRegistrationInput {
  @Field(() => ID, { description: 'The registration.' })
  registrationId: string;

  @Field(() => ReviewOutcomeEnum, { description: 'APPROVE, REJECT or RETURN (for changes, where the province returns registrations).' })
  outcome: 'APPROVE' | 'REJECT' | 'RETURN';

  @Field(() => String, { nullable: true, description: 'Why: required for a rejection or a return, shown to the candidate and sent by SMS.' })
  reason?: string;

  @Field(() => Int, { nullable: true, description: 'The registration version the reviewer looked at; a newer one (the candidate changed it) refuses the answer.' })
  version?: number;
}

@InputType({ description: "A reviewer's answer to a change request (申请修改)." })
export class DecideChangeRequestInput {
  @Field(() => ID, { description: 'The change request.' })
  changeRequestId: string;

  @Field(() => Boolean, { description: 'Approve (the change is made) or refuse.' })
  approve: boolean;

  @Field(() => String, { nullable: true, description: 'Why: required for a refusal, sent to the candidate by SMS.' })
  reason?: string;
}

@InputType({ description: "Narrows the review queue; a college reviewer naming another college than their own is refused." })
export class ReviewQueueFilter {
  @Field(() => String, { nullable: true, description: 'College code (院校代码).' })
  collegeCode?: string;

  @Field(() => String, { nullable: true, description: 'Exam city code (考试地点).' })
  examCity?: string;

  @Field(() => String, { nullable: true, description: 'Candidate type code (考生类型).' })
  candidateType?: string;
}
