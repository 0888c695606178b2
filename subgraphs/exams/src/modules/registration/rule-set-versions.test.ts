import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase } from '@zsb/platform';
import { DEFAULT_RULES_DIR, RuleCatalog } from '@zsb/rules';
import { database } from '../../database.ts';
import { RuleSetVersion } from './rule-set-version.entity.ts';
import { contentHashOf, RuleSetVersions } from './rule-set-versions.ts';

/** A copy of the shipped rules whose Shandong fee is changed: another version of the same rule set. */
function publishedAgain(): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-versions-')), 'provinces');
  fs.cpSync(DEFAULT_RULES_DIR, root, { recursive: true });
  const file = path.join(root, 'CN-SD', '2023', 'parameters.json');
  const parameters = JSON.parse(fs.readFileSync(file, 'utf8'));
  parameters.feeItems.items[0].amountFen = 5000;
  fs.writeFileSync(file, JSON.stringify(parameters));
  return root;
}

describe('rule-set versions a registration is pinned to', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openDatabase(database, { dialect: 'sqlite', file: ':memory:' });
  });
  afterAll(async () => {
    await orm?.close();
  });

  it('the hash worked out from a loaded rule set is the loader\'s, for every shipped rule set', () => {
    for (const set of RuleCatalog.load().all()) expect(contentHashOf(set)).toBe(set.contentHash);
  });

  it('after a restart on newer rule files, a registration pinned to the old version is still decided by it, from the stored copy', async () => {
    const before = RuleCatalog.load();
    const pinned = before.get('CN-SD', 2023)!;
    await new RuleSetVersions(before).pin(orm.em.fork(), pinned);
    await new RuleSetVersions(before).pin(orm.em.fork(), pinned);
    expect(await orm.em.fork().count(RuleSetVersion, {})).toBe(1);

    const after = RuleCatalog.load(publishedAgain());
    expect(after.get('CN-SD', 2023)!.contentHash).not.toBe(pinned.contentHash);
    expect(after.version(pinned.contentHash)).toBeUndefined();
    const { set, engine } = await new RuleSetVersions(after).resolve(orm.em.fork(), pinned.contentHash);
    expect(set.contentHash).toBe(pinned.contentHash);
    const facts = { candidateType: 'GENERAL', subjectGroup: 'MEDICINE', appliedForRetiredSoldierExemption: false };
    expect((await engine.decide('feeQuote', facts)).outcome.totalFen).toBe(4);
    expect((await after.engine(after.get('CN-SD', 2023)!).decide('feeQuote', facts)).outcome.totalFen).toBe(5003);
  });

  it('a stored copy that does not match its hash is refused, and so is a version neither loaded nor stored', async () => {
    const catalog = RuleCatalog.load();
    const set = catalog.get('CN-NM', 2026)!;
    const em = orm.em.fork();
    const { folder: _folder, contentHash: _hash, ...content } = set;
    const altered = JSON.parse(JSON.stringify(content));
    altered.parameters.feeItems.items[0].amountFen = 1;
    await em.insert(RuleSetVersion, { contentHash: 'f'.repeat(64), ruleSetId: set.id, content: altered, createdAt: new Date() });
    const elsewhere = RuleCatalog.load(publishedAgain());
    await expect(new RuleSetVersions(elsewhere).resolve(orm.em.fork(), 'f'.repeat(64))).rejects.toThrow(/does not match its hash/);
    await expect(new RuleSetVersions(elsewhere).resolve(orm.em.fork(), 'e'.repeat(64))).rejects.toThrow(/neither loaded nor stored/);
  });
});
