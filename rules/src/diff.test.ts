import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeShandong2024Draft } from '../../test/support/shandong-2024.ts';
import { RuleCatalog } from './catalog.ts';
import { compareRuleSets } from './diff.ts';
import { loadRuleSet } from './load.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const drafts = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-diff-'));
const sd2023 = RuleCatalog.load().get('CN-SD', 2023)!;
const sd2024 = loadRuleSet(writeShandong2024Draft(drafts));

afterAll(() => fs.rmSync(drafts, { recursive: true, force: true }));

describe('year-on-year preview', () => {
  it('names every change of policy from Shandong 2023 to the 2024 draft in Chinese, with names beside codes and fees in 元', async () => {
    const { policy, crossYear } = await compareRuleSets(sd2023, sd2024);
    expect(crossYear).toBe(true);
    const texts = policy.map((c) => `${c.area} ${c.text}`);
    expect(texts).toContain('fees 报名（REGISTRATION）：报名 0.01 元 → 报名 0.02 元');
    expect(texts).toContain('windows 报名（registration）：2023-03-31 至 2023-04-04 → 2024-03-25 至 2024-04-04');
    expect(texts).toContain('examCities 新增 莱芜市（371200）：莱芜市');
    // Qingdao's channel changed in the decision, not in the list of channels: found city by city.
    expect(texts).toContain('paymentChannels 青岛市（370200）的考生：银联支付（UNIONPAY） → 光大支付（CEB）');
    expect(texts).toContain('candidateTypes 新增 技能大赛获奖考生（SKILLS_CHAMPION）：技能大赛获奖考生，免试：是');
    expect(texts.find((t) => t.startsWith('texts 「报考承诺」'))).toContain('第 1 段改为“我报考参加2024年');
    expect(policy.filter((c) => ['steps', 'fields', 'materials'].includes(c.area))).toEqual([]);
  });

  it('counts the outcomes that change on the example cases, the samples and recorded decisions, and says them in Chinese', async () => {
    const comparison = await compareRuleSets(sd2023, sd2024, {
      samples: [
        // Without a decision: every decision that reads these facts.
        { name: '青岛考生', facts: { examCity: '370200', candidateType: 'GENERAL', subjectGroup: 'MEDICINE' } },
        { decision: 'applicationEligibility', facts: { candidateType: 'SKILLS_CHAMPION' } },
      ],
      recorded: [
        { source: 'RECORDED', decision: 'paymentChannel', name: '已记录 报名 1', facts: { examCity: '370200' } },
        { source: 'RECORDED', decision: 'paymentChannel', name: '已记录 报名 2', facts: { examCity: '371700' } },
      ],
    });
    const count = (source: string) => comparison.counts.find((c) => c.source === source);
    expect(count('CASE')).toEqual({ source: 'CASE', compared: 26, changed: 7 });
    expect(count('SAMPLE')!.changed).toBe(3);
    expect(count('RECORDED')).toEqual({ source: 'RECORDED', compared: 2, changed: 1 });
    expect(comparison.changed).toBe(11);
    expect(comparison.text).toContain(`二、结论的改变：共 ${comparison.compared} 条：11 条结论改变`);
    expect(comparison.text).toContain('  已记录的报名：共 2 条：1 条结论改变');
    const recorded = comparison.outcomes.find((o) => o.source === 'RECORDED')!;
    expect(recorded.text).toBe('【缴费渠道】已记录 报名 1：通过银联支付（UNIONPAY）缴费 → 通过光大支付（CEB）缴费');
    // A candidate type the older year did not know: refused then, decided now.
    const champion = comparison.outcomes.find((o) => o.facts.candidateType === 'SKILLS_CHAMPION')!;
    expect(champion.before).toMatchObject({ refused: 'FACTS_INVALID' });
    expect(champion.text).toMatch(/无法作出（.*） → 可以报名$/);
  });

  it('a version compared with itself changes nothing', async () => {
    const same = await compareRuleSets(sd2023, sd2023, { samples: [{ facts: { examCity: '370200' } }] });
    expect([same.policy.length, same.changed, same.crossYear]).toEqual([0, 0, false]);
    expect(same.text).toContain('一、规则的改变：无');
  });

  it('the CLI dry-runs a new year against the year before, with samples, in Chinese or as JSON; a bad samples file is refused in words', () => {
    const samples = path.join(drafts, 'samples.json');
    fs.writeFileSync(samples, JSON.stringify([{ name: '青岛考生', facts: { examCity: '370200' } }]));
    const env = { ...process.env, ZSB_RULES_DRAFTS_DIR: drafts };
    const text = execFileSync('node', ['--import', 'tsx', CLI, 'dry-run', 'CN-SD', '2024', '--samples', samples], { encoding: 'utf8', env });
    expect(text).toContain('草稿有效，示例全部通过');
    expect(text).toContain('【逐年对比】CN-SD/2023 规则文件');
    expect(text).toMatch(/\n {2}给定样本：共 \d+ 条：1 条结论改变\n/);
    expect(text).toContain('青岛市（370200）的考生：银联支付（UNIONPAY） → 光大支付（CEB）');
    const json = JSON.parse(execFileSync('node', ['--import', 'tsx', CLI, 'dry-run', 'CN-SD', '2024', '--json'], { encoding: 'utf8', env }));
    expect(json.comparison.from.id).toBe('CN-SD/2023');
    expect(json.comparison.counts.find((c: { source: string }) => c.source === 'CASE').changed).toBe(7);
    const diff = execFileSync('node', ['--import', 'tsx', CLI, 'diff', 'CN-SD/2023', path.join(drafts, 'CN-SD', '2024'), '--samples', samples], { encoding: 'utf8' });
    expect(diff).toMatch(/二、结论的改变：共 \d+ 条：8 条结论改变/);
    fs.writeFileSync(samples, '[{ "facts": 3 }]');
    const refused = spawnSync('node', ['--import', 'tsx', CLI, 'diff', 'CN-SD/2023', path.join(drafts, 'CN-SD', '2024'), '--samples', samples], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('第 1 个样本：应是 { "decision": "feeQuote", "facts": { … } }');
  }, 60_000);
});
