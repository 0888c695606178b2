import type { SubgraphModule } from '@zsb/platform';
import { RuleCatalog } from '@zsb/rules';
import { createContext, type Context, type Dependencies } from './context.ts';
import { database } from './database.ts';
import { ExamSessionService } from './modules/exam-session/exam-session.service.ts';
import { ruleFolders } from './modules/policy/policy-admin.service.ts';
import { speechRecognizerFor } from './modules/voice-fill/providers/speech-recognizer.ts';
import { schema } from './schema.ts';

/** Exams: exam sessions and the province rules that shape them. */
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
    return { rules, folders, stopWatching };
  },
  dispose({ stopWatching }) {
    stopWatching?.();
  },
  createContext,
};
