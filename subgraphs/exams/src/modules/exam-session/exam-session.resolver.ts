import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { ExamSession } from './exam-session.entity.ts';

@Resolver(() => ExamSession)
export class ExamSessionResolver {
  @Query(() => [ExamSession], { description: 'Exam sessions, newest year first; of one province when `province` is given.' })
  examSessions(@Arg('province', () => String, { nullable: true }) province: string | undefined, @Ctx() ctx: Context): Promise<ExamSession[]> {
    return ctx.examSessions.list(province);
  }

  @Query(() => ExamSession, { nullable: true, description: 'One exam session by id, e.g. `CN-SD-2023`.' })
  examSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ExamSession | null> {
    return ctx.loaders.examSession.load(id);
  }
}
