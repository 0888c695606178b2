import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../../test/support/settings.ts';
import { SETTINGS_GROUPS } from './settings.ts';

const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The variables named in the first column of the README's configuration table. */
function documented(): string[] {
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]));
}

const groups: Record<string, object> = { ...SETTINGS_GROUPS, tests: TEST_SETTINGS };

describe('the settings and the README configuration table', () => {
  it('each setting is declared in one place only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [group, specs] of Object.entries(groups)) {
      for (const name of Object.keys(specs)) {
        if (seen.has(name)) twice.push(`${name} (${seen.get(name)} and ${group})`);
        seen.set(name, group);
      }
    }
    expect(twice).toEqual([]);
  });

  it('every declared setting is in the README table, and the table names no setting that is not declared', () => {
    const declared = Object.values(groups).flatMap((specs) => Object.keys(specs));
    const table = documented();
    expect(table.length).toBeGreaterThan(40);
    expect(declared.filter((name) => !table.includes(name)).sort()).toEqual([]);
    expect(table.filter((name) => !declared.includes(name)).sort()).toEqual([]);
  });

  it('every declaration says what the setting is for', () => {
    const undescribed = Object.values(groups).flatMap((specs) => Object.entries(specs as Record<string, { desc?: string }>).filter(([, spec]) => !spec.desc).map(([name]) => name));
    expect(undescribed).toEqual([]);
  });
});
