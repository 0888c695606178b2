import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A province the platform serves, with the exam year whose rules apply now.' })
export class Province {
  @Field(() => String, { description: 'ISO 3166-2:CN code, e.g. `CN-SD`.' })
  code: string;

  @Field(() => String, { description: 'Name, e.g. 山东省.' })
  name: string;

  @Field(() => Int, { description: 'The exam year whose rules apply now.' })
  examYear: number;

  @Field(() => String, { description: 'Official name of that exam.' })
  title: string;
}
