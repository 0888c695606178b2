import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_RULES_DIR } from '@zsb/rules';

/**
 * Shandong 2024 as a new policy officer drafts it from 2023 (the issue's walk-through): `new-year`'s copy with every
 * date and 2023年 moved to 2024, then a new fee, registration opening earlier, Qingdao's candidates moved from UnionPay
 * to CEB, a new exam city (莱芜市, a test value) and a new candidate type exempt from the exam — the city and the type in
 * parameters.json alone, since facts.json takes the allowed values from there. Valid, so it can be dry-run and published.
 */
export function writeShandong2024Draft(draftsRoot: string, from = path.join(DEFAULT_RULES_DIR, 'CN-SD', '2023')): string {
  const draft = path.join(draftsRoot, 'CN-SD', '2024');
  fs.rmSync(draft, { recursive: true, force: true });
  fs.cpSync(from, draft, { recursive: true });
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []));
  for (const file of files(draft)) {
    let text = fs.readFileSync(file, 'utf8').replaceAll('2023', '2024');
    // The cases follow the new registration fee: 0.02 元 instead of 0.01 元, so 0.05 元 in all.
    if (/feeQuote\.json$|flow\.json$/.test(file)) text = text.replace(/"totalFen": 4\b/g, '"totalFen": 5').replace(/("code": "REGISTRATION", "name": "报名", "amountFen": )1\b/g, '$12').replaceAll('0.04 元', '0.05 元');
    fs.writeFileSync(file, text);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits the files as JSON, whatever their shape
  const edit = (file: string, change: (data: Record<string, any>) => void) => {
    const full = path.join(draft, file);
    const data = JSON.parse(fs.readFileSync(full, 'utf8'));
    change(data);
    fs.writeFileSync(full, `${JSON.stringify(data, null, 2)}\n`);
  };
  edit('parameters.json', (p) => {
    p.feeItems.items[0].amountFen = 2;
    p.windows.registration.from = '2024-03-25';
    p.examCities.items.push({ code: '371200', name: '莱芜市' });
    p.candidateTypes.items.push({ code: 'SKILLS_CHAMPION', name: '技能大赛获奖考生', exempt: true, description: '省级以上技能大赛获奖，免于统一考试' });
  });
  edit('flow.json', (f) => {
    const early = f.cases.find((c: { name: string }) => c.name.startsWith('3 月 31 日报名开始之前'));
    early.name = early.name.replace('3 月 31 日', '3 月 25 日');
    early.at = '2024-03-24T12:00:00+08:00';
  });
  edit('decisions/paymentChannel.json', (d) => {
    for (const rule of d.rules) rule.event.params.channel = 'CEB';
    for (const example of d.cases) example.expect = { channel: 'CEB' };
  });
  return draft;
}
