import { Field, Int, ObjectType } from 'type-graphql';
import { Payload, UserError } from '@zsb/platform';
import { Registration } from '../registration/registration.entity.ts';
import { ChangeRequest } from './change-request.entity.ts';

@ObjectType({ description: 'Outcome of asking for changes of a registration.' })
export class RequestRegistrationChangesPayload extends Payload {
  @Field(() => Registration, { nullable: true, description: 'The registration as it stands after the changes made (unchanged when refused).' })
  registration?: Registration;

  @Field(() => [ChangeRequest], { description: 'The changes made (APPLIED) or filed for a reviewer (PENDING).' })
  changeRequests: ChangeRequest[] = [];

  @Field(() => [UserError], { description: 'When refused: every problem found, the first of which is `error`.' })
  errors: UserError[] = [];
}

@ObjectType({ description: "Outcome of a reviewer's answer to a change request." })
export class DecideChangeRequestPayload extends Payload {
  @Field(() => ChangeRequest, { nullable: true, description: 'The change request as decided.' })
  changeRequest?: ChangeRequest;

  @Field(() => Registration, { nullable: true, description: 'The registration after the decision.' })
  registration?: Registration;

  @Field(() => [UserError], { description: 'When refused: every problem found, the first of which is `error`.' })
  errors: UserError[] = [];
}

@ObjectType({ description: 'A page of change requests, with a cursor to the next.' })
export class ChangeRequestPage {
  @Field(() => [ChangeRequest], { description: 'The change requests of this page, oldest first.' })
  nodes: ChangeRequest[];

  @Field(() => Int, { description: 'How many match in all.' })
  totalCount: number;

  @Field(() => String, { nullable: true, description: 'Give as `after` for the next page.' })
  endCursor?: string;

  @Field(() => Boolean, { description: 'Whether a next page exists.' })
  hasNextPage: boolean;
}
