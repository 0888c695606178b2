import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The exams subgraph's exam session, known here by its key. */
@ObjectType('ExamSession', { description: "One province's 专升本 exam of one year (考试), the thing candidates register for." })
@Directive('@key(fields: "id")')
export class ExamSessionReference {
  @Field(() => ID, { description: "Province code and exam year, e.g. `CN-SD-2023`." })
  id: string;
}
