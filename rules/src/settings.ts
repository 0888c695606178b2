import path from 'node:path';
import { cleanEnv, num, str } from 'envalid';
import { DEFAULT_RULES_DIR } from './load.ts';

/** Where policy staff's drafts are kept unless told otherwise. */
export const DEFAULT_DRAFTS_DIR = path.join(path.dirname(DEFAULT_RULES_DIR), 'drafts');

/** The rule folders' settings, read by the subgraphs and the rules tools (listed in the README's configuration table). */
export const RULE_SETTINGS = {
  ZSB_RULES_DIR: str({ default: DEFAULT_RULES_DIR, desc: 'where the province rule sets are read from (several folders separated by ":"): a version found there that was never published is published at start' }),
  ZSB_RULES_DRAFTS_DIR: str({ default: DEFAULT_DRAFTS_DIR, desc: "where policy staff's drafts are kept" }),
  ZSB_RULES_POLL_MS: num({ default: 2000, desc: 'how often (ms) a process asks whether a rule set was published (on PostgreSQL the exams subgraph is also notified at once)' }),
};

/** Where rule sets are read from and drafts kept. */
export interface RuleFolders {
  /** Rule-set roots, separated by `:`: they seed the published versions. */
  roots: string;
  drafts: string;
  /** How often a process asks whether a rule set was published. */
  pollMs: number;
}

/** The rule folders an environment names; an empty value counts as unset. */
export function ruleFolders(env: NodeJS.ProcessEnv = process.env): RuleFolders {
  const given = Object.fromEntries(Object.keys(RULE_SETTINGS).flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  const settings = cleanEnv(given, RULE_SETTINGS);
  return { roots: settings.ZSB_RULES_DIR, drafts: settings.ZSB_RULES_DRAFTS_DIR, pollMs: Math.max(100, settings.ZSB_RULES_POLL_MS) };
}
