/**
 * Tools for policy staff. `check`: validate every rule set and print what was loaded, or every problem found.
 */
import { parseArgs } from 'node:util';
import { RuleCatalog } from './catalog.ts';
import { InvalidRuleSetError } from './load.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' } } });
const [command = 'check'] = positionals;

switch (command) {
  case 'check': {
    try {
      const catalog = RuleCatalog.load(values.dir);
      for (const set of catalog.all()) {
        console.log(`ok  ${set.id}  ${set.manifest.title}  ${set.contentHash.slice(0, 12)}`);
      }
      console.log(`${catalog.all().length} rule sets valid`);
    } catch (error) {
      if (!(error instanceof InvalidRuleSetError)) throw error;
      console.error(error.message);
      process.exit(1);
    }
    break;
  }
  default:
    console.error(`unknown command "${command}"; commands: check`);
    process.exit(2);
}
