import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { forbidden, Payload, Refusal, toPayload } from '@zsb/platform';
import { parseExamSessionId } from '@zsb/rules';
import type { Context } from '../../context.ts';
import { ExamSessionReference } from '../account/exam-session.reference.ts';
import { RosterEntry } from './roster-entry.entity.ts';
import { rosterReach } from './roster.service.ts';

/** Largest roster file accepted through the API (base64 adds a third on the wire). */
const MAX_ROSTER_FILE_BYTES = 16 * 1024 * 1024;

@InputType({ description: 'A roster file (考生名单) to import: CSV (UTF-8 or GB18030) or XLSX, first row the header.' })
export class ImportRosterInput {
  @Field(() => ID, { description: 'The exam session, e.g. `CN-SD-2023`.' })
  examSessionId: string;

  @Field(() => String, { description: 'Original file name; its extension (.csv, .xlsx) decides how it is read.' })
  fileName: string;

  @Field(() => String, { description: 'The file, base64-encoded.' })
  contentBase64: string;
}

@ObjectType({ description: 'One problem in one row of a roster file.' })
export class RosterRowError {
  @Field(() => Int, { description: 'Row number as a spreadsheet shows it (the header is row 1).' })
  row: number;

  @Field(() => String, { nullable: true })
  column?: string;

  @Field(() => String)
  message: string;
}

@ObjectType({ description: 'Outcome of a roster import: all rows or none.' })
export class ImportRosterPayload extends Payload {
  @Field(() => Int, { nullable: true })
  rowCount?: number;

  @Field(() => Int, { nullable: true, description: 'Rows added to the roster.' })
  created?: number;

  @Field(() => Int, { nullable: true, description: 'Rows that updated an entry already on the roster.' })
  updated?: number;

  @Field(() => [RosterRowError], { description: 'When refused for bad rows: each problem found (up to 200).' })
  rowErrors: RosterRowError[] = [];
}

@ObjectType({ description: 'A page of roster entries.' })
export class RosterPage {
  @Field(() => Int)
  totalCount: number;

  @Field(() => [RosterEntry])
  entries: RosterEntry[];
}

function sessionOf(id: string) {
  const session = parseExamSessionId(id);
  if (!session) throw new Refusal('EXAM_SESSION_UNKNOWN', '考试编号不正确', 'examSessionId');
  return session;
}

@Resolver(() => RosterEntry)
export class RosterResolver {
  @Authorized('staff')
  @Mutation(() => ImportRosterPayload, { description: 'Imports a roster file; checks every row first and writes nothing if any row is wrong. Audited.' })
  importRoster(@Arg('input', () => ImportRosterInput) input: ImportRosterInput, @Ctx() ctx: Context): Promise<ImportRosterPayload> {
    return toPayload(ImportRosterPayload, async () => {
      const session = sessionOf(input.examSessionId);
      const reach = rosterReach(ctx.caller.principal, session.province);
      const content = Buffer.from(input.contentBase64, 'base64');
      if (!content.length) throw new Refusal('FILE_EMPTY', '文件为空', 'contentBase64');
      if (content.length > MAX_ROSTER_FILE_BYTES) throw new Refusal('FILE_TOO_LARGE', '文件不能超过16MB，请分批导入', 'contentBase64');
      return ctx.roster.import({ ...session, fileName: input.fileName, content }, ctx.caller, reach);
    });
  }

  @Authorized('staff', 'partner:roster.read')
  @Query(() => RosterPage, { description: "A page of an exam session's roster; college reviewers see their college's entries only." })
  async rosterEntries(
    @Arg('examSessionId', () => ID) examSessionId: string,
    @Arg('collegeCode', () => String, { nullable: true }) collegeCode: string | undefined,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: Context,
  ): Promise<RosterPage> {
    const session = parseExamSessionId(examSessionId);
    if (!session) return { totalCount: 0, entries: [] };
    const reach = rosterReach(ctx.caller.principal, session.province);
    if (reach.collegeCode && collegeCode && collegeCode !== reach.collegeCode) throw forbidden('只能查看本院校的考生名单');
    const [entries, totalCount] = await ctx.roster.list(
      { ...session, ...((reach.collegeCode ?? collegeCode) ? { collegeCode: reach.collegeCode ?? collegeCode } : {}) },
      Math.max(0, offset),
      Math.min(Math.max(1, limit), 200),
    );
    return { totalCount, entries };
  }
}

@Resolver(() => ExamSessionReference)
export class ExamSessionRosterResolver {
  @FieldResolver(() => Int, { description: 'How many candidates are on the roster (名单) for this exam session.' })
  rosterEntryCount(@Root() session: ExamSessionReference, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.rosterCount.load(session.id);
  }
}
