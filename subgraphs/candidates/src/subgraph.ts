import { loadCallerSecret, loadPrivateKey, loadPublicKey, type PlatformConfig, type SubgraphModule } from '@zsb/platform';
import { RuleCatalog, ruleFolders } from '@zsb/rules';
import { createContext, createServices, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { PasswordHasher } from './modules/account/password-hasher.ts';
import { rosterMaxRows } from './modules/roster/roster-file.ts';
import { createSmsProvider } from './modules/verification/sms-provider.ts';
import { RuleSetFollower } from './modules/rules/rule-set-follower.ts';
import { schema } from './schema.ts';
import { mountUploadRoutes } from './modules/upload/upload.routes.ts';
import { setUpUploads } from './modules/upload/upload.setup.ts';

const SWEEP_INTERVAL_MS = 10 * 60_000;
/** Most session ids the gateway asks about in one internal request. */
export const SESSION_BATCH = 500;

/** What the candidates subgraph needs at start, also used by the CLI and the demo seed. */
export function createDependencies(config: PlatformConfig, env: NodeJS.ProcessEnv = process.env): Dependencies {
  return {
    config,
    rules: RuleCatalog.load(ruleFolders(env).roots),
    sms: createSmsProvider(config, env),
    passwords: new PasswordHasher(),
    tokenKey: { privateKey: loadPrivateKey(config, 'token', env), publicKey: loadPublicKey(config, 'token', env) },
    rosterMaxRows: rosterMaxRows(env),
  };
}

/** Candidates: accounts, sessions, staff, partner keys and the roster. */
export const candidates: SubgraphModule<Context, Dependencies> = {
  name: 'candidates',
  database,
  schema,
  async prepare({ config, env, orm, log }) {
    const deps = createDependencies(config, env);
    const uploads = await setUpUploads({ config, env, orm, log, tokenPrivateKey: deps.tokenKey.privateKey });
    // Spent captchas, SMS codes and closed rate windows are deleted in the background.
    const sweep = setInterval(() => {
      const services = createServices(orm.em.fork(), { caller: { principal: { kind: 'service', name: 'sweeper' }, clientIp: '', requestId: 'sweep' }, log }, deps);
      Promise.all([services.limiter.sweep(), services.captchas.sweep(), services.sms.sweep()]).catch((error) => log.warn('sweep failed', { error }));
    }, SWEEP_INTERVAL_MS);
    sweep.unref();
    const stopWatching = deps.rules.watch(
      (changed) => log.info('rules reloaded', { changed }),
      (error) => log.error('rule files changed but are invalid; the rules in force stay', { error: error.message }),
    );
    // The versions in force are the exams subgraph's publications (accounts policy, SMS signature, roster tracks).
    const follower = new RuleSetFollower(deps.rules, { env, secret: loadCallerSecret(config, env), service: 'candidates', pollMs: ruleFolders(env).pollMs, log });
    follower.start();
    return { ...deps, uploads, orm, log, sweeper: sweep, stopWatching, follower };
  },
  async dispose(deps) {
    clearInterval(deps.sweeper);
    deps.stopWatching?.();
    await deps.follower?.stop();
    await deps.uploads?.jobs.stop(5000);
    await deps.uploads?.analyser?.close();
  },
  // Uploads (tus) and downloads of stored files, forwarded by the gateway from its public port.
  sealedRoutes(router, deps) {
    mountUploadRoutes(router, deps.orm!, deps.uploads!, deps.log!);
  },
  createContext,
  internalRoutes(router, deps) {
    // The gateway asks which of the sessions it has seen are still live; any id not answered counts as ended.
    router.post('/sessions/live', async (req, res) => {
      const ids = Array.isArray(req.body?.ids) ? (req.body.ids as unknown[]).filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) : [];
      if (ids.length > SESSION_BATCH) return void res.status(400).json({ error: `at most ${SESSION_BATCH} ids` });
      const services = createServices(res.locals.em, res.locals.base, deps);
      res.json({ live: ids.length ? await services.sessions.live(ids) : [] });
    });
    // The gateway resolves a partner API key to its principal.
    router.post('/partner-keys/verify', async (req, res) => {
      const key = typeof req.body?.key === 'string' ? req.body.key : '';
      const services = createServices(res.locals.em, res.locals.base, deps);
      const principal = await services.partnerKeys.verify(key);
      res.status(principal ? 200 : 404).json({ principal: principal ?? null });
    });
    // The exams subgraph prefills a registration from the person: account, ID, phone and roster entry of the year.
    router.get('/candidates/:accountId/profile', async (req, res) => {
      const { accountId } = req.params;
      const examYear = typeof req.query.examYear === 'string' && /^\d{4}$/.test(req.query.examYear) ? Number(req.query.examYear) : undefined;
      if (!/^[0-9a-f-]{36}$/.test(accountId)) return void res.status(404).json({ error: 'no such account' });
      const profile = await createServices(res.locals.em, res.locals.base, deps).profiles.profile(accountId, examYear);
      res.status(profile ? 200 : 404).json(profile ?? { error: 'no such account' });
    });
    // Other subgraphs tell a candidate something (a review outcome) by SMS to the account's bound phone.
    router.post('/candidates/:accountId/notify', async (req, res) => {
      const { accountId } = req.params;
      const text = typeof req.body?.text === 'string' ? req.body.text.trim() : '';
      const purpose = typeof req.body?.purpose === 'string' && /^[A-Z_]{1,40}$/.test(req.body.purpose) ? req.body.purpose : '';
      if (!/^[0-9a-f-]{36}$/.test(accountId) || !text || text.length > 300 || !purpose) return void res.status(400).json({ error: 'accountId, text (≤ 300 characters) and purpose are required' });
      const sent = await createServices(res.locals.em, res.locals.base, deps).profiles.notify(accountId, text, purpose);
      res.status(sent ? 200 : 404).json({ sent });
    });
  },
};
