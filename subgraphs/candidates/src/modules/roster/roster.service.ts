import { raw, type EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { actorOf, forbidden, Refusal, recordAudit, type Caller, type Principal } from '@zsb/platform';
import type { RuleCatalog } from '@zsb/rules';
import { idNumberDigest } from '../account/blind-index.ts';
import { idNumberProblem, normaliseIdNumber } from '../account/id-number.ts';
import { RosterEntry, RosterImport } from './roster-entry.entity.ts';
import { readRosterFile, RosterFileError, type RowProblem } from './roster-file.ts';

export interface RosterImportRequest {
  province: string;
  examYear: number;
  fileName: string;
  content: Buffer;
}

export interface RosterImportResult {
  importId: string;
  rowCount: number;
  created: number;
  updated: number;
}

/** Most row problems reported at once; a file with more is mostly wrong and the first ones show why. */
const MAX_REPORTED_PROBLEMS = 200;
const REQUIRED_TEXT: Record<string, string> = { name: '姓名', collegeCode: '院校代码', collegeName: '院校名称', majorCode: '专业代码', majorName: '专业名称' };

/** Staff whose reach covers a province's roster (and, for a college reviewer, only their college's rows). */
export function rosterReach(principal: Principal, province: string): { collegeCode?: string } {
  if (principal.kind === 'staff') {
    if (principal.role === 'ADMIN') return {};
    if (principal.province !== province) throw forbidden('无权操作其他省份的考生名单');
    return principal.role === 'COLLEGE_REVIEWER' ? { collegeCode: principal.collegeCode } : {};
  }
  if (principal.kind === 'partner' && principal.scopes.includes('roster.read') && (!principal.province || principal.province === province)) return {};
  throw forbidden();
}

export class RosterService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RuleCatalog,
  ) {}

  /**
   * Imports a roster file: every row is checked first, and if any row is wrong nothing is written and every
   * problem is returned (row, column, message). Otherwise rows are added or, for ID numbers already on the
   * roster, updated, in one transaction, with an audit entry.
   */
  async import(request: RosterImportRequest, by: Caller | { cli: string }, reach: { collegeCode?: string } = {}): Promise<RosterImportResult> {
    const set = this.rules.get(request.province, request.examYear);
    if (!set) throw new Refusal('EXAM_SESSION_UNKNOWN', '没有该省份该年度的考试', 'examSessionId');
    if (!set.roster) throw new Refusal('ROSTER_NOT_USED', '该省份报名不使用考生名单', 'examSessionId');
    const { accounts: policy, roster: rosterPolicy } = set;

    let rows;
    try {
      rows = await readRosterFile(request.fileName, request.content);
    } catch (error) {
      if (error instanceof RosterFileError) throw rowRefusal(error.problems);
      throw error;
    }

    const problems: RowProblem[] = [];
    const seen = new Map<string, number>();
    const entries = rows.flatMap(({ row, values }) => {
      const problem = (column: string, message: string) => problems.push({ row, column, message });
      const typeText = values.idType || policy.idTypes[0].code;
      const idType = policy.idTypes.find((t) => t.code === typeText || t.name === typeText);
      if (!idType) problem('证件类型', `不支持的证件类型“${typeText}”`);
      const idNumber = normaliseIdNumber(values.idNumber ?? '');
      if (!idNumber) problem('证件号码', '证件号码为空');
      else if (idType) {
        const idProblem = idNumberProblem(idType, idNumber);
        if (idProblem) problem('证件号码', idProblem);
      }
      for (const [column, label] of Object.entries(REQUIRED_TEXT)) {
        const value = values[column as keyof typeof values];
        if (!value) problem(label, `${label}为空`);
        else if (value.length > (column === 'collegeCode' || column === 'majorCode' ? 20 : 60)) problem(label, `${label}过长`);
      }
      const trackText = values.track ?? '';
      const track = rosterPolicy.tracks.find((t) => t.code === trackText || t.name === trackText || t.aliases?.includes(trackText));
      if (!track) problem('考生类型', `考生类型“${trackText}”不在本省规则中（可选：${rosterPolicy.tracks.map((t) => t.name).join('、')}）`);
      if (reach.collegeCode && values.collegeCode !== reach.collegeCode) problem('院校代码', `只能导入本院校（${reach.collegeCode}）的考生`);
      const key = `${idType?.code}:${idNumber}`;
      if (idNumber && seen.has(key)) problem('证件号码', `与第${seen.get(key)}行重复`);
      seen.set(key, row);
      if (!idType || !track) return [];
      return [{ idType: idType.code, idNumber, name: values.name!, collegeCode: values.collegeCode!, collegeName: values.collegeName!, majorCode: values.majorCode!, majorName: values.majorName!, track: track.code }];
    });
    if (problems.length) throw rowRefusal(problems);

    try {
      return await this.write(request, entries, by, reach);
    } catch (error) {
      if ((error as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new Refusal('ROSTER_IMPORT_CONFLICT', '另一份名单正在同时导入相同考生，请稍后重试', 'file');
      }
      throw error;
    }
  }

  private write(request: RosterImportRequest, entries: Omit<RosterEntry, 'id' | 'idNumberDigest' | 'province' | 'examYear' | 'importId' | 'updatedAt'>[], by: Caller | { cli: string }, reach: { collegeCode?: string }): Promise<RosterImportResult> {
    return this.em.transactional(async (tx) => {
      const record = tx.create(RosterImport, {
        province: request.province,
        examYear: request.examYear,
        fileName: request.fileName.slice(0, 200),
        rowCount: entries.length,
        created: 0,
        updated: 0,
        importedBy: actorOf(by),
        createdAt: new Date(),
      }, { persist: false });
      for (let start = 0; start < entries.length; start += 500) {
        const chunk = entries.slice(start, start + 500);
        const existing = await tx.find(RosterEntry, { province: request.province, examYear: request.examYear, idNumberDigest: { $in: chunk.map((e) => idNumberDigest(tx, e.idNumber)) } });
        const byKey = new Map(existing.map((e) => [`${e.idType}:${e.idNumber}`, e]));
        for (const entry of chunk) {
          const current = byKey.get(`${entry.idType}:${entry.idNumber}`);
          if (current) {
            if (reach.collegeCode && current.collegeCode !== reach.collegeCode) throw new Refusal('ROSTER_ROW_FORBIDDEN', `证件号码 ${entry.idNumber} 已在其他院校名单中，不能由本院校修改`);
            tx.assign(current, { ...entry, importId: record.id, updatedAt: new Date() });
            record.updated++;
          } else {
            tx.persist(tx.create(RosterEntry, { ...entry, province: request.province, examYear: request.examYear, importId: record.id, updatedAt: new Date() }));
            record.created++;
          }
        }
        await tx.flush();
        // Written entries need no tracking, and each tracked one costs an encryption per personal column at every flush.
        tx.clear();
      }
      tx.persist(record);
      recordAudit(tx, by, 'roster.import', { type: 'RosterImport', id: record.id }, { province: record.province, examYear: record.examYear, fileName: record.fileName, rowCount: record.rowCount, created: record.created, updated: record.updated });
      return { importId: record.id, rowCount: entries.length, created: record.created, updated: record.updated };
    });
  }

  list(filter: { province: string; examYear: number; collegeCode?: string }, offset: number, limit: number) {
    // ID numbers are encrypted, so pages follow the college and then the entry's id.
    return this.em.findAndCount(RosterEntry, filter, { orderBy: { collegeCode: 'asc', id: 'asc' }, offset, limit });
  }

  /** Number of roster entries per exam session. */
  async counts(sessions: readonly { province: string; examYear: number }[]): Promise<number[]> {
    const rows = (await (this.em as SqlEntityManager)
      .createQueryBuilder(RosterEntry)
      .select(['province', 'examYear', raw('count(*) as n')])
      .where({ province: { $in: [...new Set(sessions.map((s) => s.province))] } })
      .groupBy(['province', 'examYear'])
      .execute('all')) as { province: string; examYear: number; n: number | string }[];
    return sessions.map((s) => Number(rows.find((r) => r.province === s.province && Number(r.examYear) === s.examYear)?.n ?? 0));
  }
}

function rowRefusal(problems: RowProblem[]): Refusal {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length > shown.length ? `（另有${problems.length - shown.length}处未列出）` : '';
  return new Refusal('ROSTER_ROWS_INVALID', `名单有${problems.length}处错误，未导入任何数据${more}`, 'file', { rowErrors: shown });
}
