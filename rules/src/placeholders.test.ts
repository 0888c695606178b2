import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuleCatalog } from './catalog.ts';
import { DEFAULT_RULES_DIR } from './load.ts';
import { placeholderRefusal, placeholdersOf, unconfirmedPlaceholders } from './placeholders.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const catalog = RuleCatalog.load();
const shandong = catalog.get('CN-SD', 2023)!;
const innerMongolia = catalog.get('CN-NM', 2026)!;

describe('placeholders', () => {
  it("are the values marked in their reference: Inner Mongolia's windows and fee, Shandong's undated windows, sample lists and 0.01 元 fees", () => {
    expect(placeholdersOf(innerMongolia).map((p) => p.id)).toEqual([
      'parameters.json/windows/registration',
      'parameters.json/windows/payment',
      'parameters.json/windows/qualificationReview',
      'parameters.json/feeItems',
    ]);
    expect(placeholdersOf(shandong).map((p) => p.id)).toEqual([
      'parameters.json/windows/registration',
      'parameters.json/windows/changes',
      'parameters.json/colleges',
      'parameters.json/subjectGroups',
      'parameters.json/feeItems',
    ]);
    expect(placeholdersOf(shandong).find((p) => p.path === '/feeItems')).toMatchObject({ file: 'parameters.json', section: '2.6 网上缴费', choice: expect.stringContaining('0.01 元') });
  });

  it('block publishing until each one is confirmed; a confirmation naming no placeholder is refused, not ignored', () => {
    const all = placeholdersOf(innerMongolia).map((p) => p.id);
    expect(placeholderRefusal(innerMongolia, [])).toMatch(/^规则中还有 4 个占位值未替换或确认，不能发布：parameters.json\/windows\/registration、/);
    expect(unconfirmedPlaceholders(innerMongolia, all.slice(1)).unconfirmed.map((p) => p.id)).toEqual(['parameters.json/windows/registration']);
    expect(placeholderRefusal(innerMongolia, all)).toBeUndefined();
    expect(placeholderRefusal(innerMongolia, [...all, 'parameters.json/windows/registraton'])).toMatch(/^以下确认项不是本规则的占位值，请核对：parameters.json\/windows\/registraton/);
    expect(placeholdersOf(catalog.get('CN-HI', 2027) ?? RuleCatalog.load(path.join(DEFAULT_RULES_DIR, '..', 'test-provinces')).get('CN-HI', 2027)!)).toEqual([]);
  });

  it('check lists them, and with --publishable fails until each is confirmed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-placeholders-'));
    fs.cpSync(path.join(DEFAULT_RULES_DIR, 'CN-NM'), path.join(root, 'CN-NM'), { recursive: true });
    const run = (...args: string[]) => spawnSync('node', ['--import', 'tsx', CLI, 'check', '--dir', root, ...args], { encoding: 'utf8' });
    const listed = run();
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('    占位值  parameters.json/feeItems（2.10 第五步：考试缴费（5/7））：手册只显示需核对的金额，未给出具体数值');
    const refused = run('--publishable');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('不能发布：规则中还有 4 个占位值未替换或确认');
    const confirmed = run('--publishable', '--confirm-placeholders', placeholdersOf(innerMongolia).map((p) => p.id).join(','));
    expect(confirmed.stdout).not.toContain('不能发布');
    expect(confirmed.status).toBe(0);
  }, 90_000);
});
