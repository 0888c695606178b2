import path from 'node:path';
import { cleanEnv, str } from 'envalid';
import { DEFAULT_RULES_DIR } from './load.ts';

/** Where policy staff's drafts are kept unless told otherwise. */
export const DEFAULT_DRAFTS_DIR = path.join(path.dirname(DEFAULT_RULES_DIR), 'drafts');

/** The rule folders' settings, read by the subgraphs and the rules tools (listed in the README's configuration table). */
export const RULE_SETTINGS = {
  ZSB_RULES_DIR: str({ default: DEFAULT_RULES_DIR, desc: 'where the province rule sets are read from (several folders separated by ":"; publishing writes into the first)' }),
  ZSB_RULES_DRAFTS_DIR: str({ default: DEFAULT_DRAFTS_DIR, desc: "where policy staff's drafts are kept" }),
};

/** Where rule sets are read from and drafts kept. */
export interface RuleFolders {
  /** Rule-set roots, separated by `:`; publishing writes into the first. */
  roots: string;
  drafts: string;
}

/** The rule folders an environment names; an empty value counts as unset. */
export function ruleFolders(env: NodeJS.ProcessEnv = process.env): RuleFolders {
  const given = Object.fromEntries(Object.keys(RULE_SETTINGS).flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  const settings = cleanEnv(given, RULE_SETTINGS);
  return { roots: settings.ZSB_RULES_DIR, drafts: settings.ZSB_RULES_DRAFTS_DIR };
}
