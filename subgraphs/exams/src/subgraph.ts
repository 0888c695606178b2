import type { Request, Response } from 'express';
import { loadCallerSecret, OutboxRelay, PlatformClock, Refusal, subgraphUrl, type SubgraphModule } from '@zsb/platform';
import { RuleCatalog, type FileValue, type StepCode } from '@zsb/rules';
import { createContext, registrationServices, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { demoStart } from './modules/clock/demo-clock.ts';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import { ruleFolders } from './modules/policy/policy-admin.service.ts';
import { speechRecognizerFor } from './modules/voice-fill/providers/speech-recognizer.ts';
import { CandidatesClient } from './modules/registration/candidates.client.ts';
import { RuleSetVersions } from './modules/registration/rule-set-versions.ts';
import { CANDIDATE_SMS_TOPIC } from './modules/review/review.service.ts';
import { schema } from './schema.ts';

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
    speechRecognizerFor(rules.all(), config, env);
    const sync = async () => {
      const changed = await new ExamSessionService(orm.em.fork(), rules).syncWithRules();
      if (changed) log.info('exam sessions updated from rules', { changed });
    };
    await sync();
    // A published change to the rule files takes effect without a restart; an invalid one is refused and logged.
    const stopWatching = rules.watch(
      (changed) => {
        log.info('rules reloaded', { changed });
        sync().catch((error) => log.error('exam session sync failed', { error }));
      },
      (error) => log.error('rule files changed but are invalid; the rules in force stay', { error: error.message }),
    );
    const clock = PlatformClock.fromEnvironment(config.mode, env, demoStart(rules));
    const candidates = new CandidatesClient(new URL(subgraphUrl(env, 'candidates')).origin, loadCallerSecret(config, env));
    // SMS to candidates leave through the outbox: written with the decision they report, delivered after it commits.
    const relay = new OutboxRelay(orm, { [CANDIDATE_SMS_TOPIC]: (p) => candidates.notify(String(p.accountId), String(p.text), String(p.purpose)) }, log);
    relay.start();
    const versions = new RuleSetVersions(rules);
    return {
      rules,
      folders,
      clock,
      registration: { versions, clock, candidates, relay },
      async stop() {
        stopWatching();
        await relay.stop();
      },
    };
  },
  async dispose(deps) {
    await deps.stop?.();
  },
  createContext,
  internalRoutes(router, deps) {
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
