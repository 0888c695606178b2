import type { EntityManager } from '@mikro-orm/core';
import express, { type Request, type Response } from 'express';
import { loadCallerSecret, OutboxRelay, PlatformClock, Refusal, subgraphUrl, type SubgraphModule } from '@zsb/platform';
import { contentOf, RuleCatalog, type FileValue, type StepCode } from '@zsb/rules';
import { createContext, registrationServices, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { demoStart } from './modules/clock/demo-clock.ts';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import { ruleFolders } from './modules/policy/policy-admin.service.ts';
import { RuleSetPublications } from './modules/policy/rule-set-publications.ts';
import { speechRecognizerFor } from './modules/voice-fill/providers/speech-recognizer.ts';
import { VoiceFillService } from './modules/voice-fill/voice-fill.service.ts';
import { CandidatesClient } from './modules/registration/candidates.client.ts';
import { RuleSetVersions } from './modules/registration/rule-set-versions.ts';
import { CANDIDATE_SMS_TOPIC } from './modules/review/review.service.ts';
import { Registration } from './modules/registration/registration.entity.ts';
import { schema } from './schema.ts';

/** Registrations one `/internal/registrations/readers` call answers for (a page of a reviewer's list is at most 200). */
const READERS_BATCH = 200;

/** Runs an internal route's action, answering a refusal as 409 with its code (and any details), anything else as thrown. */
async function answer(res: Response, action: () => Promise<unknown>): Promise<void> {
  try {
    res.json(await action());
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    res.status(error.error.code.endsWith('NOT_FOUND') ? 404 : 409).json({ error: { code: error.error.code, message: error.error.message, field: error.error.field }, ...error.details });
  }
}

function services(res: Response, deps: Dependencies) {
  return registrationServices({ em: res.locals.em, caller: res.locals.base.caller }, deps);
}

const isFile = (value: unknown): value is FileValue => !!value && typeof value === 'object' && typeof (value as FileValue).fileId === 'string';

/** Exams: exam sessions, the province rules that shape them, and registrations (报名) with their review. */
export const exams: SubgraphModule<Context, Dependencies> = {
  name: 'exams',
  database,
  schema,
  async prepare({ config, orm, log, env }) {
    const folders = ruleFolders(env);
    const rules = RuleCatalog.load(folders.roots);
    // A province offering voice fill needs a speech recogniser: production refuses to start without one.
    const voiceFill = new VoiceFillService(speechRecognizerFor(rules.all(), config, env));
    const sync = async () => {
      const once = () => new ExamSessionService(orm.em.fork(), rules).syncWithRules();
      // Another replica may create the same exam session at the same moment: then its row is read and updated.
      const changed = await once().catch((error: { name?: string }) => {
        if (error.name !== 'UniqueConstraintViolationException') throw error;
        return once();
      });
      if (changed) log.info('exam sessions updated from rules', { changed });
    };
    const versions = new RuleSetVersions(rules);
    // Exam sessions follow the rule sets in force once the first sync (below) is done; not twice at once at start.
    let started = false;
    // The versions in force are the database's latest publications; the rule files seed them (see docs/rules.md).
    const publications = new RuleSetPublications(orm, rules, versions, log, {
      pollMs: folders.pollMs,
      onChange: (changed) => {
        log.info('rule sets in force changed', { changed });
        if (started) sync().catch((error) => log.error('exam session sync failed', { error }));
      },
    });
    await publications.seed();
    await sync();
    started = true;
    await publications.start();
    // A changed rule file that holds a version never published is published (by `files`) and reaches every replica.
    const stopWatching = rules.watch(
      (changed) => {
        log.info('rule files changed', { changed });
        publications.seed().catch((error) => log.error('publishing the changed rule files failed', { error }));
      },
      (error) => log.error('rule files changed but are invalid; the rules in force stay', { error: error.message }),
    );
    const clock = PlatformClock.fromEnvironment(config.mode, env, demoStart(rules));
    const candidates = new CandidatesClient(new URL(subgraphUrl(env, 'candidates')).origin, loadCallerSecret(config, env));
    // SMS to candidates leave through the outbox: written with the decision they report, delivered after it commits.
    const relay = new OutboxRelay(orm, { [CANDIDATE_SMS_TOPIC]: (p) => candidates.notify(String(p.accountId), String(p.text), String(p.purpose)) }, log);
    relay.start();
    return {
      rules,
      voiceFill,
      folders,
      publications,
      clock,
      registration: { versions, clock, candidates, relay },
      async stop() {
        stopWatching();
        await publications.stop();
        await relay.stop();
      },
    };
  },
  async dispose(deps) {
    await deps.stop?.();
  },
  createContext,
  internalRoutes(router, deps) {
    // Other subgraphs follow the versions in force (the latest publication of each province-year) and fetch each
    // version's content once by its hash: no subgraph reads another's database.
    router.get('/rule-sets/current', (_req: Request, res: Response) => answer(res, async () => ({ versions: await deps.publications.latest(res.locals.em) })));
    router.get('/rule-sets/:hash', (req: Request, res: Response) =>
      answer(res, async () => {
        const hash = String(req.params.hash);
        if (!/^[0-9a-f]{64}$/.test(hash)) throw new Refusal('RULE_SET_NOT_FOUND', 'no such rule-set version');
        const { set } = await deps.registration.versions.resolve(res.locals.em, hash).catch(() => {
          throw new Refusal('RULE_SET_NOT_FOUND', 'no such rule-set version');
        });
        return { contentHash: set.contentHash, content: contentOf(set) };
      }),
    );
    // Payments reads what a registration owes, and whether payment may start, before it opens an order.
    router.get('/registrations/:id/payable', (req: Request, res: Response) => answer(res, () => services(res, deps).registrations.payable(String(req.params.id))));
    // The payment hand-over: payments marks the registration paid once the channel confirms it.
    router.post('/registrations/:id/payment', (req: Request, res: Response) =>
      answer(res, async () => {
        const amountFen = req.body?.amountFen;
        const paidAt = typeof req.body?.paidAt === 'string' ? new Date(req.body.paidAt) : undefined;
        // The payment order is the hand-over's idempotency key: a repeated delivery of one order changes nothing.
        const orderId = req.body?.orderId;
        if (!Number.isInteger(amountFen) || amountFen < 0 || (paidAt && Number.isNaN(paidAt.getTime()))) throw new Refusal('INPUT_INVALID', 'amountFen (whole fen) is required; paidAt, if given, an ISO instant');
        if (orderId !== undefined && (typeof orderId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(orderId))) throw new Refusal('INPUT_INVALID', 'orderId, if given, is the payment order id');
        const { registration, completed, repeated } = await services(res, deps).registrations.markPaid(String(req.params.id), { amountFen, paidAt, orderId });
        return { completed, repeated, status: registration.status, version: registration.version };
      }),
    );
    // Who may read the files of many registrations at once (a reviewer's list): owner, province and college of each,
    // in one call and one query instead of one per registration. Unknown ids are left out of the answer.
    router.post('/registrations/readers', (req: Request, res: Response) =>
      answer(res, async () => {
        const raw: unknown = req.body?.ids;
        const ids = Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) : [];
        if (!Array.isArray(raw) || ids.length !== raw.length || ids.length > READERS_BATCH) throw new Refusal('INPUT_INVALID', `ids must be at most ${READERS_BATCH} registration ids`);
        const found = ids.length ? await (res.locals.em as EntityManager).find(Registration, { id: { $in: [...new Set(ids)] } }, { fields: ['id', 'accountId', 'province', 'collegeCode'] }) : [];
        return { registrations: found.map((r) => ({ registrationId: r.id, accountId: r.accountId, province: r.province, collegeCode: r.collegeCode ?? null })) };
      }),
    );
    // Before it issues an upload token, the upload service reads whose registration it is and which files it asks.
    router.get('/registrations/:id/upload-target', (req: Request, res: Response) => answer(res, () => services(res, deps).registrations.uploadTarget(String(req.params.id))));
    // Voice fill: the upload service hands over a recording (raw bytes); the answer is suggestions, nothing is saved.
    router.post('/registrations/:id/voice-fill', express.raw({ type: () => true, limit: '40mb' }), (req: Request, res: Response) =>
      answer(res, async () => {
        const audio = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
        const { recording, transcript, result } = await services(res, deps).registrations.voiceFill(String(req.params.id), deps.voiceFill, audio);
        return { recording, transcriptLength: transcript.length, ...result };
      }),
    );
    // The upload hand-over: the upload service gives the files it accepted for a step (materials, photos).
    router.post('/registrations/:id/files', (req: Request, res: Response) =>
      answer(res, async () => {
        const step = String(req.body?.step ?? '') as StepCode;
        const files = req.body?.files;
        if (!files || typeof files !== 'object' || Array.isArray(files) || !Object.values(files).every(isFile)) throw new Refusal('INPUT_INVALID', 'files must map field codes to { fileId, format, bytes, check? }');
        const { registration, completed, missing } = await services(res, deps).registrations.receiveFiles(String(req.params.id), step, files as Record<string, FileValue>);
        return { completed, missing, status: registration.status, version: registration.version };
      }),
    );
  },
};
