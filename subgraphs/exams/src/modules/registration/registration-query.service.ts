import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { forbidden, Refusal, type Caller } from '@zsb/platform';
import { parseExamSessionId } from '@zsb/rules';
import { ChangeRequest, type ChangeRequestStatus } from '../review/change-request.entity.ts';
import { reviewerRole } from '../review/review.service.ts';
import { scopeFilter } from './registration.access.ts';
import { Registration } from './registration.entity.ts';

export interface RegistrationFilterValues {
  examSessionId: string;
  status?: string;
  collegeCode?: string;
  examCity?: string;
  candidateType?: string;
  nextStep?: string;
}

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  endCursor?: string;
  hasNextPage: boolean;
}

export const MAX_PAGE = 200;

/** A cursor names the last row seen by its sort value and id; rows after it come next (keyset pagination). */
function encodeCursor(at: Date | undefined, id: string): string {
  return Buffer.from(JSON.stringify([at?.toISOString() ?? null, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date | null; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string | null, string];
    if (typeof id !== 'string' || (at !== null && Number.isNaN(Date.parse(at)))) throw new Error('bad cursor');
    return { at: at === null ? null : new Date(at), id };
  } catch {
    throw new Refusal('CURSOR_INVALID', '分页参数不正确，请从第一页重新查询', 'after');
  }
}

/** Rows of `where`, ordered by `sort` then id, after the cursor; one more than asked tells whether there is a next page. */
async function page<T extends { id: string }>(em: EntityManager, entity: new () => T, where: FilterQuery<T>, sort: keyof T & string, first: number, after?: string): Promise<Page<T>> {
  const limit = Math.min(Math.max(1, first), MAX_PAGE);
  const totalCount = await em.count(entity, where);
  let keyset: FilterQuery<T> = where;
  if (after) {
    const { at, id } = decodeCursor(after);
    const later = at === null ? { [sort]: null, id: { $gt: id } } : { $or: [{ [sort]: { $gt: at } }, { [sort]: at, id: { $gt: id } }] };
    keyset = { $and: [where, later] } as FilterQuery<T>;
  }
  const rows = await em.find(entity, keyset, { orderBy: { [sort]: 'asc', id: 'asc' } as never, limit: limit + 1 });
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  return { nodes, totalCount, hasNextPage: rows.length > limit, endCursor: last && encodeCursor((last as Record<string, unknown>)[sort] as Date | undefined, last.id) };
}

/**
 * What staff and partners see of registrations: lists filtered by status, college, city and candidate type with
 * cursor pagination, counts per status for dashboards, review and change-request queues, each within the caller's
 * reach (their college, their province, or their key's province).
 */
export class RegistrationQueryService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
  ) {}

  /** The filter within the caller's reach; a filter naming something outside it is refused, not silently narrowed. */
  private where(filter: RegistrationFilterValues): FilterQuery<Registration> {
    const scope = scopeFilter(this.caller.principal) as Record<string, unknown>;
    const session = parseExamSessionId(filter.examSessionId);
    if (!session) throw new Refusal('EXAM_SESSION_UNKNOWN', '考试编号不正确', 'examSessionId');
    if (scope.province && scope.province !== session.province) throw forbidden('只能查看本省的报名');
    if (scope.collegeCode && filter.collegeCode && filter.collegeCode !== scope.collegeCode) throw forbidden('只能查看本院校的报名');
    const where: Record<string, unknown> = { ...scope, examSessionId: filter.examSessionId };
    for (const key of ['status', 'collegeCode', 'examCity', 'candidateType', 'nextStep'] as const) {
      if (filter[key]) where[key] = filter[key];
    }
    return where as FilterQuery<Registration>;
  }

  list(filter: RegistrationFilterValues, first: number, after?: string): Promise<Page<Registration>> {
    return page(this.em, Registration, this.where(filter), 'createdAt', first, after);
  }

  /** How many registrations are in each status (statuses with none are answered with 0). */
  async counts(filter: RegistrationFilterValues): Promise<{ status: string; count: number }[]> {
    const where = this.where({ ...filter, status: undefined });
    const rows = (await (this.em as SqlEntityManager)
      .createQueryBuilder(Registration)
      .select(['status', raw('count(*) as n')])
      .where(where as never)
      .groupBy('status')
      .execute('all')) as { status: string; n: number | string }[];
    return ['IN_PROGRESS', 'IN_REVIEW', 'RETURNED', 'REJECTED', 'COMPLETE'].map((status) => ({ status, count: Number(rows.find((r) => r.status === status)?.n ?? 0) }));
  }

  /** Registrations waiting for the caller's review stage, oldest submission first, narrowed by college, city and type. */
  reviewQueue(filter: Omit<RegistrationFilterValues, 'status' | 'nextStep'>, first: number, after?: string): Promise<Page<Registration>> {
    const role = reviewerRole(this.caller);
    const { examSessionId, collegeCode, examCity, candidateType } = filter;
    const where = { ...(this.where({ examSessionId, collegeCode, examCity, candidateType }) as Record<string, unknown>), status: 'IN_REVIEW', reviewRole: role };
    return page(this.em, Registration, where as FilterQuery<Registration>, 'submittedAt', first, after);
  }

  /** Change requests of an exam session the caller decides (or has decided), oldest first. */
  changeRequests(examSessionId: string, status: ChangeRequestStatus | undefined, first: number, after?: string): Promise<Page<ChangeRequest>> {
    const role = reviewerRole(this.caller);
    const scope = this.where({ examSessionId }) as Record<string, unknown>;
    const where: Record<string, unknown> = { examSessionId, province: scope.province, decidedBy: role, route: 'CHANGE_REQUEST' };
    if (!scope.province) delete where.province;
    if (scope.collegeCode) where.collegeCode = scope.collegeCode;
    if (status) where.status = status;
    return page(this.em, ChangeRequest, where as FilterQuery<ChangeRequest>, 'requestedAt', first, after);
  }
}
