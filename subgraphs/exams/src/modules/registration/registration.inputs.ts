import { Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';

@InputType({ description: 'Answers for one step of the candidate\'s registration.' })
export class CompleteRegistrationStepInput {
  @Field(() => ID, { description: 'The registration.' })
  registrationId: string;

  @Field(() => String, { description: 'The step\'s code, e.g. `PLEDGE`, `PERSONAL_INFORMATION`, `EXAM_CHOICE`, `CONFIRMATION`.' })
  step: string;

  @Field(() => GraphQLJSONObject, { description: 'The answers by field code, as the step\'s `asks` lists them (e.g. `{ "acknowledged": true }`, `{ "examCity": "371700", "subjectGroup": "MEDICINE" }`).' })
  values: Record<string, unknown>;

  @Field(() => Int, { nullable: true, description: 'The registration version the page showed; a newer one (another device wrote) refuses the answer with REGISTRATION_CHANGED.' })
  version?: number;
}

@InputType({ description: 'A new value for a locked field.' })
export class RequestedChangeInput {
  @Field(() => String, { description: 'The field\'s code.' })
  field: string;

  @Field(() => GraphQLJSON, { description: 'The new value.' })
  value: unknown;
}

@InputType({ description: 'Changes of locked values, made or filed as the rules allow now (an edit, or a change request for the reviewer).' })
export class RequestRegistrationChangesInput {
  @Field(() => ID, { description: 'The registration.' })
  registrationId: string;

  @Field(() => [RequestedChangeInput], { description: 'The changes, applied in order; all or none.' })
  changes: RequestedChangeInput[];

  @Field(() => Int, { nullable: true, description: 'The registration version the page showed.' })
  version?: number;
}

@InputType({ description: 'Which registrations to list or count; staff and partners see only those within their reach.' })
export class RegistrationFilter {
  @Field(() => ID, { description: 'The exam session, e.g. `CN-SD-2023`.' })
  examSessionId: string;

  @Field(() => String, { nullable: true, description: 'IN_PROGRESS, IN_REVIEW, RETURNED, REJECTED or COMPLETE.' })
  status?: string;

  @Field(() => String, { nullable: true, description: 'College code (院校代码).' })
  collegeCode?: string;

  @Field(() => String, { nullable: true, description: 'Exam city code (考试地点).' })
  examCity?: string;

  @Field(() => String, { nullable: true, description: 'Candidate type code (考生类型).' })
  candidateType?: string;

  @Field(() => String, { nullable: true, description: 'The step registrations wait at, e.g. `PAYMENT` for those ready to pay.' })
  nextStep?: string;
}
