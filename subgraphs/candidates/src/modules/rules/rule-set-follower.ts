import { callInternal, subgraphUrl, type Logger } from '@zsb/platform';
import { ruleSetFromContent, type RuleCatalog, type RuleSet } from '@zsb/rules';

interface Current {
  versions: { ruleSetId: string; sequence: number; contentHash: string }[];
}

/**
 * Keeps this process's rule catalog on the versions in force as the exams subgraph publishes them: a short poll of
 * its internal route `/internal/rule-sets/current`, each version's content fetched once by hash and checked against it.
 * Until the exams subgraph answers, the rule files' versions stay in force.
 */
export class RuleSetFollower {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private warned = false;

  constructor(
    private readonly catalog: RuleCatalog,
    private readonly options: { env: NodeJS.ProcessEnv; secret: Buffer; service: string; pollMs: number; log: Logger },
  ) {}

  /** Asks once; returns the province-years whose version in force changed. */
  async poll(): Promise<string[]> {
    // The address is read each time: the exams subgraph may start after this one.
    const origin = new URL(subgraphUrl(this.options.env, 'exams')).origin;
    const call = <T>(route: string) => callInternal<T>(origin, route, { secret: this.options.secret, service: this.options.service, timeoutMs: 5000 });
    const { body } = await call<Current>('/internal/rule-sets/current');
    const changed: string[] = [];
    for (const { ruleSetId, contentHash } of body?.versions ?? []) {
      const [province, year] = ruleSetId.split('/');
      if (this.catalog.get(province, Number(year))?.contentHash === contentHash) continue;
      let set: RuleSet | undefined = this.catalog.version(contentHash);
      if (!set) set = ruleSetFromContent((await call<{ content: unknown }>(`/internal/rule-sets/${contentHash}`)).body.content, contentHash);
      if (this.catalog.adopt(set)) changed.push(ruleSetId);
    }
    return changed;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.poll()
        .then((changed) => {
          if (changed.length) this.options.log.info('rule sets in force changed', { changed });
          this.warned = false;
        })
        .catch((error: unknown) => {
          // Once per outage: the exams subgraph may be starting or restarting.
          if (!this.warned) this.options.log.warn('cannot read the rule sets in force from the exams subgraph; keeping the ones in force', { error: (error as Error).message });
          this.warned = true;
        })
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
