import { Field, Int, ObjectType } from 'type-graphql';
import { Payload, UserError } from '@zsb/platform';
import { Registration } from './registration.entity.ts';
import { RegistrationStatusEnum } from './registration.enums.ts';

@ObjectType({ description: 'Outcome of an action on a registration.' })
export class RegistrationPayload extends Payload {
  @Field(() => Registration, { nullable: true, description: 'The registration as it stands after the action (unchanged when refused).' })
  registration?: Registration;

  @Field(() => [UserError], { description: 'When refused: every problem found (one per field), the first of which is `error`.' })
  errors: UserError[] = [];
}

@ObjectType({ description: 'A page of registrations, with a cursor to the next.' })
export class RegistrationPage {
  @Field(() => [Registration], { description: 'The registrations of this page, oldest first.' })
  nodes: Registration[];

  @Field(() => Int, { description: 'How many match the filter in all.' })
  totalCount: number;

  @Field(() => String, { nullable: true, description: 'Give as `after` for the next page.' })
  endCursor?: string;

  @Field(() => Boolean, { description: 'Whether a next page exists.' })
  hasNextPage: boolean;
}

@ObjectType({ description: 'How many registrations are in one status.' })
export class RegistrationStatusCount {
  @Field(() => RegistrationStatusEnum, { description: 'The status.' })
  status: string;

  @Field(() => Int, { description: 'How many.' })
  count: number;
}
