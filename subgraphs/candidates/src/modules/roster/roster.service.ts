import { randomUUID } from 'node:crypto';
import { raw, type EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { actorOf, forbidden, Refusal, recordAudit, type Caller, type Principal } from '@zsb/platform';
import type { RuleCatalog, RuleSet } from '@zsb/rules';
import { idNumberDigest } from '../account/blind-index.ts';
import { idNumberProblem, normaliseIdNumber } from '../account/id-number.ts';
import { RosterEntry, RosterImport } from './roster-entry.entity.ts';
import { MAX_ROSTER_ROWS, readRosterRows, RosterFileError, type RosterContent, type RosterRow, type RowProblem } from './roster-file.ts';

export interface RosterImportRequest {
  province: string;
  examYear: number;
  fileName: string;
  content: RosterContent;
}

export interface RosterImportResult {
  importId: string;
  rowCount: number;
  created: number;
  updated: number;
}

/** How far an import has got: first every row is checked, then the file is read again and written. */
export interface RosterImportProgress {
  phase: 'checking' | 'writing';
  /** Data rows read in this phase. */
  rowsRead: number;
  rowsWritten: number;
  /** Data rows in the file, once the check has counted them. */
  totalRows?: number;
}

/** Most row problems reported at once; a file with more is mostly wrong and the first ones show why. */
const MAX_REPORTED_PROBLEMS = 200;
/** Rows looked up, written and released from the unit of work together. */
const WRITE_BATCH = 500;
/** Rows read between two progress reports while checking. */
const PROGRESS_EVERY = 1000;
const REQUIRED_TEXT: Record<string, string> = { name: '姓名', collegeCode: '院校代码', collegeName: '院校名称', majorCode: '专业代码', majorName: '专业名称' };

type NewEntry = Omit<RosterEntry, 'id' | 'idNumberDigest' | 'province' | 'examYear' | 'importId' | 'updatedAt'>;

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

/**
 * Checks roster rows one at a time against the province's rules, keeping the first problems and a count of all.
 * With `seen`, it also finds ID numbers repeated within the file: the one state that grows with the file (a short
 * key per row, about 140 bytes, bounded by the row cap).
 */
class RowChecker {
  readonly problems: RowProblem[] = [];
  problemCount = 0;

  constructor(
    private readonly set: RuleSet,
    private readonly reach: { collegeCode?: string },
    private readonly seen?: Map<string, number>,
  ) {}

  add(problem: RowProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) this.problems.push(problem);
  }

  /** The entry a row makes, or `undefined` when the row has problems (added to the list). */
  check({ row, values }: RosterRow): NewEntry | undefined {
    const before = this.problemCount;
    const problem = (column: string, message: string) => this.add({ row, column, message });
    const { accounts: policy, roster: rosterPolicy } = this.set;
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
    const track = rosterPolicy!.tracks.find((t) => t.code === trackText || t.name === trackText || t.aliases?.includes(trackText));
    if (!track) problem('考生类型', `考生类型“${trackText}”不在本省规则中（可选：${rosterPolicy!.tracks.map((t) => t.name).join('、')}）`);
    if (this.reach.collegeCode && values.collegeCode !== this.reach.collegeCode) problem('院校代码', `只能导入本院校（${this.reach.collegeCode}）的考生`);
    if (idNumber && this.seen) {
      const key = `${idType?.code}:${idNumber}`;
      const first = this.seen.get(key);
      if (first !== undefined) problem('证件号码', `与第${first}行重复`);
      else this.seen.set(key, row);
    }
    if (this.problemCount > before || !idType || !track) return undefined;
    return { idType: idType.code, idNumber, name: values.name!, collegeCode: values.collegeCode!, collegeName: values.collegeName!, majorCode: values.majorCode!, majorName: values.majorName!, track: track.code };
  }

  refusal(): Refusal {
    const more = this.problemCount > this.problems.length ? `（另有${this.problemCount - this.problems.length}处未列出）` : '';
    return new Refusal('ROSTER_ROWS_INVALID', `名单有${this.problemCount}处错误，未导入任何数据${more}`, 'file', { rowErrors: this.problems });
  }
}

export class RosterService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RuleCatalog,
    /** Most data rows one import takes. */
    private readonly maxRows: number = MAX_ROSTER_ROWS,
  ) {}

  /**
   * Imports a roster file, all rows or none. The file is streamed twice: first every row is checked and nothing is
   * written (any problem refuses the file with the problems by row and column: the first 200, and how many in all);
   * then it is read again and written in batches in one transaction, each row checked again and a repeated ID number
   * found against what this import already wrote (so what is written is what was checked, even if the file changed
   * meanwhile): new ID numbers added, ID numbers already on the roster updated, with an audit entry. Memory is that
   * of one batch, plus a short key per row while checking for repeats; a file with more rows than the cap is
   * refused at the first row past it.
   */
  async import(request: RosterImportRequest, by: Caller | { cli: string }, reach: { collegeCode?: string } = {}, onProgress?: (progress: RosterImportProgress) => void): Promise<RosterImportResult> {
    const set = this.rules.get(request.province, request.examYear);
    if (!set) throw new Refusal('EXAM_SESSION_UNKNOWN', '没有该省份该年度的考试', 'examSessionId');
    if (!set.roster) throw new Refusal('ROSTER_NOT_USED', '该省份报名不使用考生名单', 'examSessionId');

    const totalRows = await this.check(request, set, reach, onProgress);
    try {
      return await this.write(request, new RowChecker(set, reach), by, reach, { phase: 'writing', rowsRead: 0, rowsWritten: 0, totalRows }, onProgress);
    } catch (error) {
      if ((error as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new Refusal('ROSTER_IMPORT_CONFLICT', '另一份名单正在同时导入相同考生，请稍后重试', 'file');
      }
      throw error;
    }
  }

  /** The first reading: every row checked, duplicates included; refuses the file or returns its number of rows. */
  private async check(request: RosterImportRequest, set: RuleSet, reach: { collegeCode?: string }, onProgress?: (progress: RosterImportProgress) => void): Promise<number> {
    const progress: RosterImportProgress = { phase: 'checking', rowsRead: 0, rowsWritten: 0 };
    const checker = new RowChecker(set, reach, new Map());
    for await (const row of this.rows(request, checker)) {
      checker.check(row);
      if (++progress.rowsRead % PROGRESS_EVERY === 0) onProgress?.(progress);
    }
    onProgress?.({ ...progress, totalRows: progress.rowsRead });
    if (checker.problemCount) throw checker.refusal();
    return progress.rowsRead;
  }

  /** The file's rows; a file that cannot be read is refused with the problems found so far and its own. */
  private async *rows(request: RosterImportRequest, checker: RowChecker): AsyncGenerator<RosterRow> {
    try {
      yield* readRosterRows(request.fileName, request.content, { maxRows: this.maxRows });
    } catch (error) {
      if (!(error instanceof RosterFileError)) throw error;
      for (const problem of error.problems) checker.add(problem);
      throw checker.refusal();
    }
  }

  private write(request: RosterImportRequest, checker: RowChecker, by: Caller | { cli: string }, reach: { collegeCode?: string }, progress: RosterImportProgress, onProgress?: (progress: RosterImportProgress) => void): Promise<RosterImportResult> {
    return this.em.transactional(async (tx) => {
      const importId = randomUUID();
      let created = 0;
      let updated = 0;
      let chunk: (NewEntry & { row: number })[] = [];
      const writeChunk = async () => {
        const existing = await tx.find(RosterEntry, { province: request.province, examYear: request.examYear, idNumberDigest: { $in: chunk.map((e) => idNumberDigest(tx, e.idNumber)) } });
        const byKey = new Map(existing.map((e) => [`${e.idType}:${e.idNumber}`, e]));
        const inChunk = new Set<string>();
        for (const { row, ...entry } of chunk) {
          const key = `${entry.idType}:${entry.idNumber}`;
          const current = byKey.get(key);
          // Checked without repeats, yet repeated now: the file changed between the two readings.
          if (inChunk.has(key) || current?.importId === importId) {
            checker.add({ row, column: '证件号码', message: '与文件中前面的一行重复（文件在导入过程中被修改，请重新导入）' });
            throw checker.refusal();
          }
          inChunk.add(key);
          if (current) {
            if (reach.collegeCode && current.collegeCode !== reach.collegeCode) throw new Refusal('ROSTER_ROW_FORBIDDEN', `证件号码 ${entry.idNumber} 已在其他院校名单中，不能由本院校修改`);
            tx.assign(current, { ...entry, importId, updatedAt: new Date() });
            updated++;
          } else {
            tx.persist(tx.create(RosterEntry, { ...entry, province: request.province, examYear: request.examYear, importId, updatedAt: new Date() }));
            created++;
          }
        }
        await tx.flush();
        // Written rows leave the unit of work: it holds one batch at a time (each tracked entry would also be
        // encrypted again at every flush), and nothing piles up in the caller's.
        tx.clear();
        progress.rowsWritten += chunk.length;
        chunk = [];
        onProgress?.(progress);
      };
      for await (const row of this.rows(request, checker)) {
        progress.rowsRead++;
        const entry = checker.check(row);
        if (!entry || checker.problemCount) continue;
        chunk.push({ ...entry, row: row.row });
        if (chunk.length === WRITE_BATCH) await writeChunk();
      }
      // The file changed between the two readings and is now wrong: nothing is kept.
      if (checker.problemCount) throw checker.refusal();
      if (chunk.length) await writeChunk();
      const record = tx.create(RosterImport, {
        id: importId,
        province: request.province,
        examYear: request.examYear,
        fileName: request.fileName.slice(0, 200),
        rowCount: progress.rowsWritten,
        created,
        updated,
        importedBy: actorOf(by),
        createdAt: new Date(),
      });
      tx.persist(record);
      recordAudit(tx, by, 'roster.import', { type: 'RosterImport', id: record.id }, { province: record.province, examYear: record.examYear, fileName: record.fileName, rowCount: record.rowCount, created, updated });
      return { importId, rowCount: record.rowCount, created, updated };
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
