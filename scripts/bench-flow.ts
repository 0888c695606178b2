/**
 * `npm run bench:flow`: complete registrations through the gateway, many candidates at once, as the two seed
 * provinces' candidates do them — a fresh account (captcha, SMS code, password), then every step up to payment, with
 * the upload service's hand-overs (files accepted) but neither uploads nor payment. Starts its own platform (each
 * process on its own, as in `npm start`, development mode on loopback) with a demonstration clock inside both
 * provinces' registration windows, runs for a bounded time, and prints registrations per second, p50/p99 of each
 * operation, errors, and the CPU each process spends per registration with the share that goes to password hashing.
 * Writes bench/results/flow.json.
 *   --seconds N      measuring time (default 60), after a warm-up of 10 s
 *   --candidates N   candidates registering at once (default 60), half in each province
 *   --profile NAME   also write a V8 CPU profile of one process (gateway, candidates, exams) to the temporary folder printed
 *
 * Each candidate sends from an address of its own (X-Forwarded-For through a trusted proxy hop), as candidates on
 * their own phones do: the per-address limits (captchas, SMS) are the platform's and stay on. Captcha answers and SMS
 * codes are read from the development files, as a script against a development instance reads them.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import { captchaAnswer, captchaAnswersFile, createLogger, ensureDevelopmentKeys, latestCode, loadCallerSecret, openSubgraphDatabase, outboxFile, sealedCallerHeader } from '@zsb/platform';
import { candidates, createDependencies } from '../subgraphs/candidates/src/subgraph.ts';
import { createServices } from '../subgraphs/candidates/src/context.ts';
import { benchPlatform, ROOT } from './lib/bench-platform.ts';
import { gb11643CheckChar } from '../subgraphs/candidates/src/modules/account/id-number.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, candidates: { type: 'string', default: '60' }, profile: { type: 'string' } } });
const SECONDS = Number(values.seconds);
const CANDIDATES = Number(values.candidates);
const WARM_UP_SECONDS = 10;
const PROFILE_DIR = path.join(os.tmpdir(), `zsb-bench-flow-profile-${process.pid}`);
const platform = benchPlatform({
  name: 'bench-flow',
  basePort: 4620,
  env: {
    // Inside both registration windows: Shandong's 31 March–4 April 2023, Inner Mongolia's 2–8 March 2026.
    ZSB_CLOCK: 'CN-SD=2023-04-01T10:00:00+08:00,CN-NM=2026-03-03T10:00:00+08:00',
    ZSB_CLOCK_ANCHOR: new Date().toISOString(),
    // The bench is the one proxy in front of the gateway; each candidate comes from its own address.
    ZSB_TRUST_PROXY_HOPS: '1',
  },
  profile: values.profile ? { name: values.profile, dir: PROFILE_DIR } : undefined,
});
const { config, env, ports: PORTS } = platform;

const agent = new http.Agent({ keepAlive: true, maxSockets: CANDIDATES * 2 });

function request(port: number, pathName: string, body: string | undefined, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathName, method: body === undefined ? 'GET' : 'POST', agent, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ---- measurement

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
let measuring = false;
let registrations = 0;
let hashes = 0;
const errorSamples: string[] = [];

class OperationFailed extends Error {}

/** Runs one operation, timing it and refusing anything but success (the registration is abandoned on an error). */
async function timed<T>(name: string, operation: () => Promise<T>, ok: (result: T) => string | undefined): Promise<T> {
  const started = performance.now();
  let problem: string | undefined;
  let result: T | undefined;
  try {
    result = await operation();
    problem = ok(result);
  } catch (error) {
    problem = (error as Error).message;
  }
  const elapsed = performance.now() - started;
  if (measuring) {
    if (problem) {
      errors.set(name, (errors.get(name) ?? 0) + 1);
      if (errorSamples.length < 10) errorSamples.push(`${name}: ${problem}`);
    } else {
      let list = latencies.get(name);
      if (!list) latencies.set(name, (list = []));
      list.push(elapsed);
    }
  }
  if (problem) throw new OperationFailed(problem);
  return result!;
}

// ---- the candidate's side

interface Candidate {
  province: 'CN-SD' | 'CN-NM';
  address: string;
  token?: string;
}

async function graphql(name: string, who: Candidate, query: string, variables: Record<string, unknown> = {}, field = name): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'x-forwarded-for': who.address };
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  const { json } = await timed(
    name,
    () => request(PORTS.gateway, '/graphql', JSON.stringify({ query, variables }), headers),
    (r) => {
      if (r.status !== 200 || r.json.errors) return `HTTP ${r.status} ${JSON.stringify(r.json.errors ?? r.json).slice(0, 300)}`;
      const payload = (r.json.data as Record<string, { ok?: boolean; error?: unknown }>)[field];
      return payload && payload.ok === false ? JSON.stringify(payload.error) : undefined;
    },
  );
  return (json.data as Record<string, Record<string, unknown>>)[field];
}

let callerSecret: Buffer;
async function handOver(who: Candidate, registrationId: string, step: string, files: Record<string, unknown>): Promise<void> {
  await timed(
    'files handed over (internal)',
    () => request(PORTS.exams, `/internal/registrations/${registrationId}/files`, JSON.stringify({ step, files }), sealedCallerHeader(callerSecret, { kind: 'service', name: 'uploads' })),
    (r) => (r.status === 200 && r.json.completed === true ? undefined : `HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`),
  );
}

const REGISTRATION = 'registration { id version status next { code } steps { code status } }';
const PAYLOAD = `ok error { code message field } ${REGISTRATION}`;
const file = (format = 'jpg') => ({ fileId: `file-${Math.random().toString(36).slice(2)}`, format, bytes: 400_000 });

let sequence = 0;
function nextIdentity(area: string): { idNumber: string; phone: string } {
  sequence++;
  const birth = new Date(Date.UTC(1996, 0, 1) + Math.floor(sequence / 900) * 86_400_000);
  const first17 = `${area}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(100 + (sequence % 900)).padStart(3, '0')}`;
  return { idNumber: first17 + gb11643CheckChar(first17), phone: `13${String(100_000_000 + sequence * 7 + Math.floor(Math.random() * 7)).slice(-9)}` };
}

const sdRoster: string[] = [];
const outbox = outboxFile(config);
const captchas = captchaAnswersFile(config);

async function solvedCaptcha(who: Candidate): Promise<{ captchaId: string; captchaAnswer: string }> {
  const created = await graphql('createCaptcha', who, 'mutation { createCaptcha { ok error { code } captcha { id } } }');
  const captchaId = (created.captcha as { id: string }).id;
  return { captchaId, captchaAnswer: captchaAnswer(captchas, captchaId)! };
}

async function newAccount(who: Candidate): Promise<void> {
  const { idNumber, phone } = who.province === 'CN-SD' ? { ...nextIdentity('370102'), idNumber: sdRoster.pop()! } : nextIdentity('150102');
  if (!idNumber) throw new Error('the generated roster ran out');
  const needsCaptcha = who.province === 'CN-SD';
  await graphql('sendSmsCode', who, 'mutation($input: SendSmsCodeInput!) { sendSmsCode(input: $input) { ok error { code message } } }', {
    input: { province: who.province, purpose: 'REGISTER', phone, ...(needsCaptcha ? await solvedCaptcha(who) : {}) },
  });
  const password = who.province === 'CN-SD' ? 'Taishan#2023' : 'Grassland2026';
  const registered = await graphql('registerCandidate', who, 'mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { ok error { code message } tokens { accessToken } } }', {
    input: {
      province: who.province,
      idNumber,
      phone,
      smsCode: latestCode(outbox, phone),
      password,
      passwordConfirmation: password,
      ...(needsCaptcha ? { idType: 'RESIDENT_ID', acceptedPrivacyPolicy: true, ...(await solvedCaptcha(who)) } : {}),
    },
  });
  if (measuring) hashes++;
  who.token = (registered.tokens as { accessToken: string }).accessToken;
  (who as Candidate & { phone: string }).phone = phone;
}

async function complete(who: Candidate, id: string, step: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await graphql(`complete ${step}`, who, `mutation($input: CompleteRegistrationStepInput!) { completeRegistrationStep(input: $input) { ${PAYLOAD} } }`, { input: { registrationId: id, step, values } }, 'completeRegistrationStep');
  return r.registration as Record<string, unknown>;
}

async function shandong(who: Candidate): Promise<void> {
  const phone = (who as Candidate & { phone: string }).phone;
  const started = (await graphql('startRegistration', who, `mutation { startRegistration { ${PAYLOAD} } }`)).registration as { id: string };
  await graphql('showRegistrationStep', who, `mutation($id: ID!) { showRegistrationStep(registrationId: $id, step: "PLEDGE") { ok error { code } } }`, { id: started.id });
  // 报考承诺's countdown, counted by the server: the candidate reads for 3 s.
  await new Promise((resolve) => setTimeout(resolve, 3100));
  await complete(who, started.id, 'PLEDGE', { acknowledged: true });
  await handOver(who, started.id, 'PHOTO', { idCardFront: file(), photo: { ...file(), check: 'PASSED' } });
  await graphql('read registration', who, `{ myRegistration { id steps { code status asks { code value default readOnly options { code name } } } } }`, {}, 'myRegistration');
  await complete(who, started.id, 'PERSONAL_INFORMATION', {
    politicalStatus: '03', birthDate: '1996-01-01', gender: '1', ethnicity: '01', phone, foreignLanguage: 'ENGLISH', mailingAddress: '山东省济南市历下区示例路1号',
    postcode: '250000', email: 'bench@example.com', householdProvince: '370000', householdCity: '370100', candidateCategory: '1',
  });
  await complete(who, started.id, 'EXAM_CHOICE', { examCity: '370100', subjectGroup: 'MEDICINE' });
  await complete(who, started.id, 'CONFIRMATION', { confirmed: true });
}

async function innerMongolia(who: Candidate): Promise<void> {
  const phone = (who as Candidate & { phone: string }).phone;
  const started = (await graphql('startRegistration', who, `mutation { startRegistration { ${PAYLOAD} } }`)).registration as { id: string };
  await complete(who, started.id, 'NOTICE', { acknowledged: true });
  await complete(who, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'FRESH_GRADUATE' });
  await graphql('read registration', who, `{ myRegistration { id steps { code status asks { code value default readOnly options { code name } } } } }`, {}, 'myRegistration');
  await complete(who, started.id, 'PERSONAL_INFORMATION', {
    name: '张三', gender: '1', birthDate: '1996-01-01', ethnicity: '02', politicalStatus: '03', phone, collegeName: '内蒙古建筑职业技术学院', majorName: '建筑工程技术',
    graduationYear: '2026', mailingAddress: '内蒙古自治区呼和浩特市新城区示例路1号', postcode: '010000',
  });
  await handOver(who, started.id, 'MATERIALS', { STUDENT_CARD: file(), STUDENT_STATUS_REPORT: file('png') });
  await handOver(who, started.id, 'IDENTITY_CAPTURE', { idCardFront: file(), photo: { ...file(), check: 'PASSED' } });
  await graphql('acknowledgeIntegrityPledge', who, `mutation($id: ID!) { acknowledgeIntegrityPledge(registrationId: $id) { ok error { code message } } }`, { id: started.id });
  const ready = (await graphql('read registration', who, `{ myRegistration { id payment { readyToPay totalFen channel { code } } } }`, {}, 'myRegistration')) as { payment: { readyToPay: boolean } };
  if (!ready.payment.readyToPay) throw new OperationFailed('not ready to pay at the end');
}

/** One virtual candidate after another on one connection slot, until time is up. */
async function candidateLoop(slot: number, until: () => number): Promise<void> {
  while (performance.now() < until()) {
    const who: Candidate = { province: slot % 2 === 0 ? 'CN-SD' : 'CN-NM', address: `10.${(slot >> 8) & 255}.${slot & 255}.${(sequence % 250) + 1}` };
    try {
      await newAccount(who);
      await (who.province === 'CN-SD' ? shandong(who) : innerMongolia(who));
      if (measuring) registrations++;
    } catch (error) {
      if (!(error instanceof OperationFailed)) throw error;
    }
  }
}

/** CPU ms one argon2id hash costs on this machine, measured alone (the platform's settings). */
async function hashCost(): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < 8; i++) await argon2.hash(`bench-password-${i}`, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / 8;
}

const quantile = (list: number[], q: number) => Number([...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))].toFixed(1));

try {
  ensureDevelopmentKeys(config);
  callerSecret = loadCallerSecret(config, env);
  const rosterSize = Math.min(60_000, Math.ceil(SECONDS + WARM_UP_SECONDS) * 40 + 500);
  const csv = ['证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型'];
  for (let i = 0; i < rosterSize; i++) {
    const { idNumber } = nextIdentity('370102');
    sdRoster.push(idNumber);
    csv.push(`${idNumber},考生${i},10427,济南职业学院,620403,医学影像技术,普通`);
  }
  const orm = await openSubgraphDatabase(candidates.database, config, env);
  const log = createLogger({}, true);
  await createServices(orm.em.fork(), { caller: { principal: { kind: 'service', name: 'bench' }, clientIp: '', requestId: 'bench' }, log }, createDependencies(config, env)).roster.import(
    { province: 'CN-SD', examYear: 2023, fileName: 'bench-roster.csv', content: Buffer.from(csv.join('\n')) },
    { cli: 'bench' },
  );
  await orm.close();
  const perHashMs = await hashCost();
  await platform.startAll();
  console.log(`Complete registrations through the gateway: ${CANDIDATES} candidates at once (half Shandong, half Inner Mongolia), ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`);

  const began = performance.now();
  const end = began + (WARM_UP_SECONDS + SECONDS) * 1000;
  let cpuBefore = new Map<string, number>();
  const measured = setTimeout(() => {
    measuring = true;
    cpuBefore = platform.cpuTimes();
  }, WARM_UP_SECONDS * 1000);
  await Promise.all(Array.from({ length: CANDIDATES }, (_, slot) => candidateLoop(slot, () => end)));
  clearTimeout(measured);
  const cpuAfter = platform.cpuTimes();
  const elapsed = (performance.now() - began) / 1000 - WARM_UP_SECONDS;

  const perSecond = Number((registrations / elapsed).toFixed(1));
  const operations = [...latencies].map(([name, list]) => ({ name, count: list.length, p50Ms: quantile(list, 0.5), p99Ms: quantile(list, 0.99), errors: errors.get(name) ?? 0 }));
  for (const [name, count] of errors) if (!latencies.has(name)) operations.push({ name, count: 0, p50Ms: 0, p99Ms: 0, errors: count });
  const totalErrors = [...errors.values()].reduce((a, b) => a + b, 0);
  const cpu = Object.fromEntries([...cpuAfter].map(([name, ms]) => [name, Math.round(ms - (cpuBefore.get(name) ?? 0))]));
  const cpuTotal = Object.values(cpu).reduce((a, b) => a + b, 0);
  const hashingMs = Math.round(hashes * perHashMs);

  console.log(`\n${registrations} complete registrations in ${elapsed.toFixed(1)} s: ${perSecond} per second (target ≥ 25); ${totalErrors} errors`);
  console.log(`\n${'operation'.padEnd(34)} ${'count'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
  for (const o of operations) console.log(`${o.name.padEnd(34)} ${String(o.count).padStart(6)} ${String(o.p50Ms).padStart(8)} ${String(o.p99Ms).padStart(8)}${o.p99Ms >= 300 ? '!' : ' '} ${String(o.errors).padStart(6)}`);
  for (const sample of errorSamples) console.log(`  error: ${sample}`);
  console.log(`\nCPU over the measured ${elapsed.toFixed(0)} s: ${(cpuTotal / 1000).toFixed(1)} s of ${(elapsed * os.cpus().length).toFixed(0)} s available (${Math.round((cpuTotal / (elapsed * 1000 * os.cpus().length)) * 100)}%)`);
  for (const [name, ms] of Object.entries(cpu)) console.log(`  ${name.padEnd(14)} ${(ms / 1000).toFixed(1).padStart(6)} s   ${registrations ? (ms / registrations).toFixed(1) : '-'} ms per registration`);
  console.log(`  password hashing: ${hashes} argon2id hashes × ${perHashMs.toFixed(1)} ms = ${(hashingMs / 1000).toFixed(1)} s (${Math.round((hashingMs / cpuTotal) * 100)}% of all CPU; inside the candidates figure); everything else ${((cpuTotal - hashingMs) / 1000).toFixed(1)} s`);

  const slow = operations.filter((o) => o.p99Ms >= 300);
  const meets = perSecond >= 25 && slow.length === 0 && totalErrors === 0;
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    candidates: CANDIDATES,
    seconds: Number(elapsed.toFixed(1)),
    warmUpSeconds: WARM_UP_SECONDS,
    registrations,
    registrationsPerSecond: perSecond,
    errors: totalErrors,
    errorSamples,
    operations,
    cpuMs: cpu,
    cpuMsPerRegistration: Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, registrations ? Number((ms / registrations).toFixed(1)) : null])),
    passwordHashing: { hashes, cpuMsPerHash: Number(perHashMs.toFixed(1)), cpuMs: hashingMs, shareOfCpu: Number((hashingMs / cpuTotal).toFixed(3)) },
    target: { registrationsPerSecond: 25, p99Ms: 300, errors: 0 },
    meetsTarget: meets,
  };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'flow.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (values.profile) console.log(`CPU profile of ${values.profile} (written when it stops): ${PROFILE_DIR}`);
  console.log(`\n${meets ? 'Meets the target.' : `Below the target${slow.length ? `: p99 over 300 ms for ${slow.map((o) => o.name).join(', ')}` : ''}.`} Written to bench/results/flow.json`);
} finally {
  await platform.stop();
  agent.destroy();
}
