/**
 * `npm run bench:roster`: peak memory and time of importing a large roster, as CSV and as XLSX, through the
 * operations CLI (the file read from disk) and through the service as the API calls it (the file whole in memory,
 * as it arrives in a request). Each import runs in a fresh process on a fresh database; the files are generated in
 * a temporary folder and deleted afterwards. Prints peak RSS and time per case; writes bench/results/roster.json.
 *   --rows 100000,300000   data rows per generated file
 *   --formats csv,xlsx     file formats
 *   --paths cli,service    how the file is imported
 *   --max-rows N           the row cap for these imports (ZSB_ROSTER_MAX_ROWS); default: the largest --rows
 *   --postgres             import into PostgreSQL (ZSB_TEST_DATABASE_URL, DATABASE_URL or the local server)
 *   --heap-limit MB        run each import with V8's old space capped (--max-old-space-size): it completes only if
 *                          what it keeps alive stays under that, whatever the garbage collector would have let grow
 *   --keep                 keep the generated files and print where they are
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { createLogger, dropPostgresDatabase, openSubgraphDatabase, readPlatformConfig } from '@zsb/platform';
import { gb11643CheckChar } from '../subgraphs/candidates/src/modules/account/id-number.ts';
import { createServices } from '../subgraphs/candidates/src/context.ts';
import { candidates, createDependencies } from '../subgraphs/candidates/src/subgraph.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000,300000' },
    formats: { type: 'string', default: 'csv,xlsx' },
    paths: { type: 'string', default: 'cli,service' },
    'max-rows': { type: 'string' },
    postgres: { type: 'boolean', default: false },
    'heap-limit': { type: 'string' },
    keep: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

const HEADER = ['证件号码', '姓名', '院校代码', '院校名称', '专业代码', '专业名称', '考生类型'];
const COLLEGES = [
  ['10427', '济南职业学院', '620403', '医学影像技术'],
  ['13000', '青岛职业技术学院', '510201', '计算机应用技术'],
  ['12345', '山东商业职业技术学院', '530302', '大数据与会计'],
];
const FAMILY = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';

/** The i-th roster row: a valid, distinct resident ID (900 a birth date), a name, a college, a track. */
function rosterRow(i: number): string[] {
  const birth = new Date(Date.UTC(1995, 0, 1) + Math.floor(i / 900) * 86_400_000);
  const first17 = `370102${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(100 + (i % 900))}`;
  const name = FAMILY[i % FAMILY.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : '');
  return [first17 + gb11643CheckChar(first17), name, ...COLLEGES[i % COLLEGES.length], i % 5 ? '普通' : '3+2'];
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(HEADER.join(','));
  for (let i = 0; i < rows; i++) await write(rosterRow(i).join(','));
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(file: string, rows: number): Promise<void> {
  // Shared strings, as Excel writes them (and after the sheet in the archive, as Excel orders them).
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(rosterRow(i)).commit();
  sheet.commit();
  await workbook.commit();
}

interface Measured {
  peakRss: number;
  baselineRss?: number;
  ms: number;
  outcome: string;
}

/** Child: imports one file through the service, as the API does (the file whole in a buffer). */
async function serviceChild(file: string): Promise<void> {
  const config = readPlatformConfig();
  const orm = await openSubgraphDatabase(candidates.database, config);
  const services = createServices(orm.em.fork(), { caller: { principal: { kind: 'service', name: 'bench' }, clientIp: '', requestId: 'bench' }, log: createLogger({ service: 'bench' }, true) }, createDependencies(config));
  const content = fs.readFileSync(file);
  const baselineRss = process.memoryUsage().rss;
  const started = performance.now();
  let outcome: string;
  try {
    const result = await services.roster.import({ province: 'CN-SD', examYear: 2023, fileName: path.basename(file), content }, { cli: 'bench' });
    outcome = `imported ${result.rowCount} (${result.created} added)`;
  } catch (error) {
    outcome = `refused: ${(error as Error).message.slice(0, 120)}`;
  }
  const ms = performance.now() - started;
  await orm.close();
  console.log(JSON.stringify({ baselineRss, ms, outcome }));
}

/** Runs one import in a fresh process on a fresh database and returns what it measured. */
async function measure(kind: 'cli' | 'service', file: string, maxRows: number): Promise<Measured> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-bench-roster-'));
  const peakFile = path.join(dataDir, 'peak.json');
  const databaseUrl = values.postgres ? postgresUrl(`zsbbench${randomBytes(4).toString('hex')}`) : '';
  const env = { ...process.env, ZSB_MODE: 'development', ZSB_DATA_DIR: dataDir, ZSB_LOG: 'silent', DATABASE_URL: databaseUrl, CANDIDATES_DATABASE_URL: '', ZSB_ROSTER_MAX_ROWS: String(maxRows), ZSB_PEAK_MEMORY_FILE: peakFile };
  const node = ['--import', 'tsx', '--import', './scripts/lib/peak-memory.ts', ...(values['heap-limit'] ? [`--max-old-space-size=${values['heap-limit']}`] : [])];
  const args = kind === 'cli' ? [...node, 'scripts/cli.ts', 'roster:import', file, '--session', 'CN-SD-2023'] : [...node, 'scripts/bench-roster.ts', '--child', file];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  const ms = performance.now() - started;
  try {
    // Out of memory (or killed) it never reached its exit handler.
    if (!fs.existsSync(peakFile)) return { peakRss: Number.NaN, ms, outcome: `died (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-2).join(' ').slice(0, 160)}` };
    const { peakRss } = JSON.parse(fs.readFileSync(peakFile, 'utf8')) as { peakRss: number };
    if (kind === 'service') {
      const reported = JSON.parse(stdout.trim().split('\n').at(-1)!) as { baselineRss: number; ms: number; outcome: string };
      return { peakRss, ...reported };
    }
    const lines = `${stdout}\n${stderr}`.split(/[\r\n]+/).filter(Boolean);
    return { peakRss, ms, outcome: (code === 0 ? '' : `exit ${code}: `) + (lines.find((l) => /^Imported|^[A-Z_]+:/.test(l)) ?? lines.at(-1) ?? '') };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropPostgresDatabase(`${databaseUrl}_candidates`);
  }
}

function postgresUrl(database: string): string {
  const url = new URL(process.env.ZSB_TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  const sizes = values.rows.split(',').map(Number);
  const formats = values.formats.split(',') as ('csv' | 'xlsx')[];
  const kinds = values.paths.split(',') as ('cli' | 'service')[];
  const maxRows = Number(values['max-rows'] ?? Math.max(...sizes));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-roster-files-'));
  const results: Record<string, unknown>[] = [];
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${values.postgres ? 'PostgreSQL' : 'SQLite'}, row cap ${maxRows}${values['heap-limit'] ? `, old space capped at ${values['heap-limit']} MB` : ''}`);
  console.log(`${'file'.padEnd(22)} ${'path'.padEnd(8)} ${'size'.padStart(8)} ${'peak RSS'.padStart(9)} ${'before'.padStart(7)} ${'time'.padStart(8)}  outcome`);
  try {
    for (const rows of sizes) {
      for (const format of formats) {
        const file = path.join(dir, `roster-${rows}.${format}`);
        await (format === 'csv' ? writeCsv(file, rows) : writeXlsx(file, rows));
        const size = fs.statSync(file).size;
        for (const kind of kinds) {
          const m = await measure(kind, file, maxRows);
          results.push({ rows, format, path: kind, bytes: size, peakRssBytes: m.peakRss, rssBeforeImportBytes: m.baselineRss, ms: Math.round(m.ms), outcome: m.outcome });
          console.log(
            `${path.basename(file).padEnd(22)} ${kind.padEnd(8)} ${mb(size).padStart(8)} ${mb(m.peakRss).padStart(9)} ${(m.baselineRss ? mb(m.baselineRss) : '').padStart(7)} ${`${(m.ms / 1000).toFixed(1)} s`.padStart(8)}  ${m.outcome}`,
          );
        }
      }
    }
  } finally {
    if (values.keep) console.log(`files kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('peak RSS: the whole process (start-up included); before: RSS just before the import, with the file in memory (service path); time: the import alone (service) or the whole CLI run');
  const out = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, database: values.postgres ? 'postgresql' : 'sqlite', maxRows, heapLimitMb: values['heap-limit'] ? Number(values['heap-limit']) : undefined, results };
  fs.writeFileSync(path.join(root, 'bench', 'results', 'roster.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('written to bench/results/roster.json');
}

if (values.child) await serviceChild(values.child);
else await main();
