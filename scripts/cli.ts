/**
 * Operations from the command line, on the same databases the platform uses (see README, "Scripts").
 *   staff:create --username U --role ROLE [--province CN-SD] [--college 10427] [--name 显示名]
 *   partner-key:create --name N --scopes roster.read,exams.read [--province CN-SD] [--trusted-only]
 *   partner-key:revoke ID
 *   roster:import FILE --session CN-SD-2023
 *   sms:outbox [--phone 139...]
 *   captcha:answer ID                        the answer of an issued captcha (development and test only)
 *   data-keys:rotate                         new personal-data key (development: added; production: printed, with the steps)
 *   personal-data:reencrypt [--batch 500]    re-encrypt under the current key, recompute blind indexes
 *   payments:reconcile --channel ALIPAY --date 2026-03-03
 *                                            the channel's bill of that Beijing day against the orders paid here;
 *                                            prints every mismatch (each also an audit entry); exit 1 if any
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  addDevelopmentDataKey,
  captchaAnswer,
  captchaAnswersFile,
  createLogger,
  DATA_KEYS_FILE,
  KEY_SETTINGS,
  newDataKeyEntry,
  openSubgraphDatabase,
  outboxFile,
  readOutbox,
  readPlatformConfig,
  readSettings,
  recordAudit,
  reencryptPersonalData,
  Refusal,
  settingsOrExit,
  STAFF_ROLES,
  type StaffRole,
} from '@zsb/platform';
import { parseExamSessionId } from '@zsb/rules';
import { createServices } from '../subgraphs/candidates/src/context.ts';
import type { RosterImportProgress } from '../subgraphs/candidates/src/modules/roster/roster.service.ts';
import { candidates, createDependencies } from '../subgraphs/candidates/src/subgraph.ts';
import { ChannelRegistry } from '../subgraphs/payments/src/modules/channels/channel.registry.ts';
import { publicUrl } from '../subgraphs/payments/src/modules/channels/channel.config.ts';
import { reconcileBill } from '../subgraphs/payments/src/modules/payment-order/reconciliation.ts';
import type { PaymentDeps } from '../subgraphs/payments/src/modules/payment-order/payment-order.service.ts';
import { payments } from '../subgraphs/payments/src/subgraph.ts';
import { SUBGRAPHS, SUBGRAPH_NAMES } from './subgraphs.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    province: { type: 'string' },
    college: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'string' },
    'trusted-only': { type: 'boolean', default: false },
    session: { type: 'string' },
    phone: { type: 'string' },
    batch: { type: 'string' },
    channel: { type: 'string' },
    date: { type: 'string' },
  },
});
const [command, argument] = positionals;
const config = settingsOrExit(() => readPlatformConfig());
const by = { cli: os.userInfo().username };

async function withCandidates<T>(action: (services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const log = createLogger({ service: 'cli' }, true);
  const orm = await openSubgraphDatabase(candidates.database, config);
  try {
    return await action(createServices(orm.em.fork(), { caller: { principal: { kind: 'service', name: 'cli' }, clientIp: '', requestId: 'cli' }, log }, createDependencies(config)));
  } finally {
    await orm.close();
  }
}

/** Roster import progress on stderr: one line rewritten in place on a terminal, else a line every few seconds. */
const progress = (() => {
  const out = process.stderr;
  const every = out.isTTY ? 100 : 5000;
  let last = 0;
  let pending = false;
  const count = (n: number) => n.toLocaleString('en');
  return {
    update(p: RosterImportProgress) {
      const finished = p.phase === 'checking' ? p.totalRows !== undefined : p.rowsWritten === p.totalRows;
      if (!finished && Date.now() - last < every) return;
      last = Date.now();
      const text = p.phase === 'checking' ? `${finished ? 'checked' : 'checking'}: ${count(p.rowsRead)} rows read` : `writing: ${count(p.rowsWritten)} of ${count(p.totalRows ?? 0)} rows written`;
      if (!out.isTTY) return void out.write(`${text}\n`);
      out.write(`\r\x1b[K${text}${finished ? '\n' : ''}`);
      pending = !finished;
    },
    end() {
      if (pending) out.write('\n');
      pending = false;
    },
  };
})();

function usage(message?: string): never {
  if (message) console.error(message);
  const source = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.error(source.slice(1, source.indexOf(' */')).join('\n').replace(/^ \*/gm, ''));
  process.exit(2);
}

try {
  switch (command) {
    case 'staff:create': {
      if (!values.username || !values.role) usage('staff:create needs --username and --role');
      if (!(STAFF_ROLES as readonly string[]).includes(values.role)) usage(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      const { member, password } = await withCandidates((s) =>
        s.staff.create({ username: values.username!, role: values.role as StaffRole, province: values.province, collegeCode: values.college, displayName: values.name }, by),
      );
      console.log(`Created ${member.role} ${member.username}${member.province ? ` (${member.province}${member.collegeCode ? ` ${member.collegeCode}` : ''})` : ''}.`);
      console.log(`Password (shown once): ${password}`);
      break;
    }
    case 'partner-key:create': {
      if (!values.name || !values.scopes) usage('partner-key:create needs --name and --scopes');
      const { record, key } = await withCandidates((s) =>
        s.partnerKeys.create({ name: values.name!, scopes: values.scopes!.split(',').map((x) => x.trim()), province: values.province, trustedOperationsOnly: values['trusted-only'] }, by),
      );
      console.log(`Created partner key ${record.id} for ${record.name}: scopes ${record.scopes.join(', ')}${record.trustedOperationsOnly ? ', registered operations only' : ''}.`);
      console.log(`Key (shown once; send as the X-Api-Key header): ${key}`);
      break;
    }
    case 'partner-key:revoke': {
      if (!argument) usage('partner-key:revoke needs the key id');
      const revoked = await withCandidates((s) => s.partnerKeys.revoke(argument, by));
      console.log(revoked ? `Revoked ${argument}.` : `No live key ${argument}.`);
      if (!revoked) process.exitCode = 1;
      break;
    }
    case 'roster:import': {
      const session = values.session ? parseExamSessionId(values.session) : undefined;
      if (!argument || !session) usage('roster:import needs a file and --session like CN-SD-2023');
      if (!fs.statSync(argument, { throwIfNoEntry: false })?.isFile()) usage(`roster:import: no file ${argument}`);
      // Streamed from disk (read twice: checked, then written), so a file of any size takes bounded memory.
      const content = () => fs.createReadStream(argument);
      const result = await withCandidates((s) => s.roster.import({ ...session, fileName: path.basename(argument), content }, by, {}, progress.update)).finally(progress.end);
      console.log(`Imported ${result.rowCount} rows: ${result.created} added, ${result.updated} updated.`);
      break;
    }
    case 'sms:outbox': {
      if (config.mode === 'production') usage('there is no SMS outbox in production');
      const messages = readOutbox(outboxFile(config), values.phone).slice(-20);
      if (!messages.length) console.log('The SMS outbox is empty.');
      for (const m of messages) console.log(`${m.at}  ${m.phone}  ${m.province}  ${m.purpose}\n    ${m.text}`);
      break;
    }
    case 'captcha:answer': {
      if (config.mode === 'production') usage('captcha answers are never kept in production');
      if (!argument) usage('captcha:answer needs the captcha id');
      const answer = captchaAnswer(captchaAnswersFile(config), argument);
      if (!answer) {
        console.error(`No captcha ${argument} was issued by this development instance (or it is long gone).`);
        process.exitCode = 1;
      } else console.log(answer);
      break;
    }
    case 'data-keys:rotate': {
      if (config.mode === 'production' || readSettings(process.env, KEY_SETTINGS).ZSB_DATA_KEYS) {
        console.log(`New personal-data key (secret; keep the old keys until step 4):\n  ${newDataKeyEntry()}`);
        console.log('1. Append it to ZSB_DATA_KEYS of every candidates and exams process and restart them: all can now read values sealed with it.');
        console.log('2. Move it to the front of ZSB_DATA_KEYS and restart: new values are sealed with it.');
        console.log('3. npm run cli -- personal-data:reencrypt   (rewrites older values; repeat until it reports none skipped)');
        console.log('4. Remove the old keys from ZSB_DATA_KEYS and restart.');
      } else {
        const id = addDevelopmentDataKey(config);
        console.log(`Added personal-data key ${id}, now current, to ${path.join(config.dataDir, 'keys', DATA_KEYS_FILE)}.`);
        console.log('Restart the platform (running processes do not know the new key), then run npm run cli -- personal-data:reencrypt.');
      }
      break;
    }
    case 'personal-data:reencrypt': {
      const batch = Number(values.batch ?? 500);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) usage('--batch must be a whole number from 1 to 10000');
      // Every subgraph database that holds personal data (candidates: accounts, roster; exams: registrations).
      for (const name of SUBGRAPH_NAMES.filter((n) => SUBGRAPHS[n].database.personalData)) {
        const orm = await openSubgraphDatabase(SUBGRAPHS[name].database, config);
        try {
          const reports = await reencryptPersonalData(orm, batch, (r) =>
            console.log(`${name} ${r.table}: ${r.rows} rows; values found per key ${JSON.stringify(r.found)}; ${r.reencrypted} re-encrypted, ${r.skipped} rows skipped (changed meanwhile), ${r.reindexed} blind indexes rewritten`),
          );
          const em = orm.em.fork();
          recordAudit(em, by, 'personal-data.reencrypt', { type: 'PersonalData' }, { reports });
          await em.flush();
          if (reports.some((r) => r.skipped)) process.exitCode = 1;
        } finally {
          await orm.close();
        }
      }
      break;
    }
    case 'payments:reconcile': {
      if (!values.channel || !values.date) usage('payments:reconcile needs --channel and --date (yyyy-MM-dd, Beijing day)');
      const orm = await openSubgraphDatabase(payments.database, config);
      try {
        // Reconciliation only reads the bill and the orders: no hand-over, no sweep.
        const deps = { channels: new ChannelRegistry(config), publicUrl: publicUrl(config, process.env), checkAfterMs: 0, log: createLogger({ service: 'cli' }, true) } as unknown as PaymentDeps;
        const result = await reconcileBill(orm.em, deps, values.channel, values.date, by);
        console.log(`${result.channel} ${result.date}: ${result.billRows} bill rows, ${result.ordersPaid} orders paid here that day, ${result.mismatches.length} mismatches`);
        for (const m of result.mismatches) console.log(`  ${m.kind}  ${m.orderNo}  channel ${m.channelFen ?? '-'} fen, here ${m.platformFen ?? '-'} fen${m.platformStatus ? ` (${m.platformStatus})` : ''}`);
        if (result.mismatches.length) process.exitCode = 1;
      } finally {
        await orm.close();
      }
      break;
    }
    default:
      usage(command ? `unknown command "${command}"` : undefined);
  }
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`${error.error.code}: ${error.error.message}`);
  const rows = (error.details.rowErrors ?? []) as { row: number; column?: string; message: string }[];
  for (const row of rows) console.error(`  第${row.row}行${row.column ? ` ${row.column}` : ''}：${row.message}`);
  process.exit(1);
}
