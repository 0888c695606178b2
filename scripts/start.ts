/**
 * `npm start`: the whole platform on one address. Runs the three subgraphs and the gateway as supervised child
 * processes (one that exits or stops answering its health check is restarted), and in development the payment
 * sandbox beside them; builds the web client when needed, seeds demonstration data on the first development run, and
 * stops everything in order on Ctrl-C or SIGTERM.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import {
  createLogger,
  ensureDevelopmentKeys,
  openSubgraphDatabase,
  portInUseMessage,
  portIsFree,
  PlatformClock,
  readPlatformConfig,
  readSettings,
  settingsOrExit,
} from '@zsb/platform';
import { RuleCatalog, ruleFolders } from '@zsb/rules';
import { candidates, createDependencies } from '../subgraphs/candidates/src/subgraph.ts';
import { sandboxCredentials } from '../subgraphs/payments/src/sandbox/credentials.ts';
import { clockMessage, demoStart } from '../subgraphs/exams/src/modules/clock/demo-clock.ts';
import { seedDemo, type DemoCredentials } from '../subgraphs/candidates/src/seed.ts';
import { SUBGRAPH_NAMES } from './subgraphs.ts';
import { PLATFORM_PROCESS_SETTINGS } from './lib/settings.ts';
import { readSupervisorSettings, StartFailure, Supervisor } from './lib/supervisor.ts';
import { buildWebIfStale } from './lib/web-build.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);
// Every process's settings are checked here, so a bad value stops the platform before anything starts, named.
const checked = settingsOrExit(() => readSettings(process.env, PLATFORM_PROCESS_SETTINGS), 'The platform cannot start: settings are not valid:');
const config = readPlatformConfig();
const settings = readSupervisorSettings();
const log = createLogger({ service: 'launcher' });
const logDir = path.join(config.dataDir, 'logs');
const logFile = (name: string) => path.join(logDir, `${name}.log`);
// The payment sandbox stands in for Alipay, UnionPay and CEB in development only; tests start their own.
const SANDBOX = 'payment-sandbox';
const withSandbox = config.mode === 'development';
const backends: string[] = [...SUBGRAPH_NAMES, ...(withSandbox ? [SANDBOX] : [])];

const clockAnchor = checked.ZSB_CLOCK_ANCHOR ?? new Date().toISOString();

/** The simulated clock of each province, as the processes will read it (development only; none in production). */
function clockLines(): string[] {
  if (config.mode === 'production') return [];
  const rules = RuleCatalog.load(ruleFolders().roots);
  const clock = PlatformClock.fromEnvironment(config.mode, { ...process.env, ZSB_CLOCK_ANCHOR: clockAnchor }, demoStart(rules));
  return rules
    .provinces()
    .map((p) => ({ p, reading: clock.reading(p.code) }))
    .filter(({ reading }) => reading.simulated)
    .map(({ p, reading }) => `${p.name.padEnd(8, '　')} ${clockMessage(reading.now, rules.current(p.code, reading.now)?.parameters.timeZone ?? 'Asia/Shanghai')}`);
}

const supervisor = new Supervisor(
  [
    ...SUBGRAPH_NAMES.map((name) => ({ name, entry: path.join(root, `subgraphs/${name}/src/index.ts`) })),
    { name: SANDBOX, entry: path.join(root, 'subgraphs/payments/src/sandbox/index.ts') },
    { name: 'gateway', entry: path.join(root, 'gateway/src/index.ts') },
  ].map((service) => ({
    ...service,
    execArgv: ['--import', 'tsx'],
  })),
  // One anchor for every process, restarted ones too: a simulated clock reads the same time in each.
  { cwd: root, env: { ...process.env, ZSB_DATA_DIR: config.dataDir, ZSB_CLOCK_ANCHOR: clockAnchor }, settings, log },
);

// Children log JSON lines; the launcher keeps warnings and errors on the terminal and every line in a log file.
const logStreams = new Map<string, fs.WriteStream>();
supervisor.on('output', (name: string, line: string) => {
  if (!logStreams.has(name)) logStreams.set(name, fs.createWriteStream(logFile(name), { flags: 'a' }));
  logStreams.get(name)!.write(`${line}\n`);
  if (/"level":"(warn|error)"/.test(line)) process.stderr.write(`[${name}] ${line}\n`);
});

let stopping = false;
let stopAskedAt = 0;

/** Gateway first, so no request reaches a subgraph that is going away; then the subgraphs together. */
async function stopAll(exitCode: number): Promise<void> {
  stopping = true;
  stopAskedAt = Date.now();
  say('\nStopping…');
  const outcomes = await supervisor.stop([['gateway'], backends], (group) => say(`  stopping ${group.join(', ')}`));
  for (const [name, outcome] of Object.entries(outcomes)) {
    if (outcome === 'killed') say(`  ${name} did not stop within ${settings.stopGraceMs / 1000} s and was killed`);
  }
  say('Stopped.');
  await Promise.all([...logStreams.values()].map((stream) => new Promise((resolve) => stream.end(resolve))));
  process.exit(exitCode);
}

function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) return void stopAll(0);
  // npm passes the terminal's Ctrl-C on too, so one press can arrive twice: only a later one means "now".
  if (Date.now() - stopAskedAt < 1000) return;
  say(`  ${signal} again: killing what is left`);
  supervisor.killAll();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
// A closed terminal must not cut the orderly stop short: what cannot be shown is still in the log files.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

/** The ports the platform needs that are taken, each as a sentence naming the program that holds it. */
async function takenPorts(): Promise<string[]> {
  const host = checked.ZSB_HOST;
  const wanted = [
    ...(['PORT', 'CANDIDATES_PORT', 'EXAMS_PORT', 'PAYMENTS_PORT'] as const).map((name) => ({ port: checked[name], setting: name })),
    ...(withSandbox ? [{ port: checked.ZSB_PAYMENT_SANDBOX_PORT, setting: 'ZSB_PAYMENT_SANDBOX_PORT' }] : []),
  ];
  const taken: string[] = [];
  for (const { port, setting } of wanted) if (port !== 0 && !(await portIsFree(port, host))) taken.push(portInUseMessage(port, setting));
  return taken;
}

async function seedOnFirstRun(): Promise<DemoCredentials[] | undefined> {
  const marker = path.join(config.dataDir, '.demo-seeded');
  if (config.mode !== 'development' || fs.existsSync(marker) || !checked.ZSB_SEED_DEMO) return undefined;
  const orm = await openSubgraphDatabase(candidates.database, config, process.env, { log, retryForMs: checked.ZSB_DATABASE_RETRY_MS });
  try {
    const credentials = await seedDemo(orm, createDependencies(config), log);
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
    return credentials;
  } finally {
    await orm.close();
  }
}

try {
  fs.mkdirSync(logDir, { recursive: true });
  const taken = await takenPorts();
  if (taken.length > 0) {
    complain(`The platform cannot start:\n${taken.map((line) => `  ${line}`).join('\n')}`);
    process.exit(1);
  }
  ensureDevelopmentKeys(config);
  // Generated here once, so the sandbox and the payments subgraph do not both spend the first start on it.
  if (withSandbox) sandboxCredentials(config.dataDir);
  if (!checked.ZSB_SKIP_WEB_BUILD) buildWebIfStale(say);
  const credentials = await seedOnFirstRun();
  say(`Starting the platform (${config.mode}, data in ${path.relative(root, config.dataDir) || '.'}, ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'})…`);
  await Promise.all(backends.map((name) => supervisor.start(name)));
  await supervisor.start('gateway');
  const origin = new URL(supervisor.url('gateway')!).origin;
  say('');
  say(`  专升本报名平台 is running at ${origin}`);
  say(`  GraphQL API:            ${origin}/graphql`);
  say(`  Health / readiness:     ${origin}/healthz  ${origin}/readyz`);
  if (config.mode !== 'production') say(`  SMS outbox (dev only):  ${origin}/dev/sms   or  npm run sms:outbox  (captcha answers there too)`);
  if (withSandbox) say(`  Payment sandbox (dev):  ${supervisor.url(SANDBOX)}   (Alipay, UnionPay and CEB stand-ins; no real money)`);
  const clocks = clockLines();
  if (clocks.length) {
    say('');
    say(`  Demonstration clock (${checked.ZSB_CLOCK ? `ZSB_CLOCK=${checked.ZSB_CLOCK}` : 'ZSB_CLOCK=demo, the development default'}; ZSB_CLOCK=real for real time):`);
    for (const line of clocks) say(`    ${line}`);
  }
  if (credentials) {
    say('');
    say('  Demonstration data was created (first run): the sample Shandong roster (20 candidates) and these staff');
    say('  accounts. The passwords are shown only this once:');
    for (const c of credentials) say(`    ${c.username.padEnd(18)} ${c.role.padEnd(18)} ${(c.province ?? '').padEnd(6)} ${c.password}`);
  }
  say('');
  say('  Press Ctrl-C to stop.');
} catch (error) {
  if (!stopping) {
    if (error instanceof StartFailure) complain(`\n${error.message}\n  (${logFile(error.service)} has the details)`);
    else log.error('start-up failed', { error });
    await stopAll(1);
  }
}
