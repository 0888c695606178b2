/**
 * `npm run bench:photos`: the photo analyser on the labelled set (face images from npm and Debian packages,
 * transformed; subgraphs/candidates/src/modules/photo-check/labelled-set.ts), for the straightforward pipeline
 * (SSD, landmarks and descriptor of every face, on the whole image) and the optimised one side by side: images per
 * second through the pool, CPU milliseconds per image (the whole process, worker threads included, after the models
 * have loaded), and per check how many labelled cases it got right and wrong. Writes bench/results/photos.json.
 *   --threads N     worker threads (default 2, this machine's cores)
 *   --rounds N      passes over the set per pipeline (default 1; accuracy is counted on the last, the analysis being
 *                   deterministic)
 *   --pipelines a,b which pipelines (default straightforward,optimised)
 *   --keep          keep the generated images and print where they are
 */
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadRuleSet } from '@zsb/rules';
import { createPhotoAnalyser } from '../subgraphs/candidates/src/modules/photo-check/face-analyser.ts';
import type { Pipeline } from '../subgraphs/candidates/src/modules/photo-check/face-models.ts';
import { buildLabelledSet, CHECK_CODES, type LabelledSet } from '../subgraphs/candidates/src/modules/photo-check/labelled-set.ts';
import type { HeadPhotoAnalysis, IdCardFaceAnalysis } from '../subgraphs/candidates/src/modules/photo-check/photo-analyser.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '1' },
    pipelines: { type: 'string', default: 'straightforward,optimised' },
    keep: { type: 'boolean', default: false },
  },
});
const threads = Number(values.threads);
const rounds = Number(values.rounds);
const pipelines = values.pipelines.split(',') as Pipeline[];
const rules = loadRuleSet(path.join(root, 'rules/provinces/CN-SD/2023')).materials.photo;

interface Tally {
  correct: number;
  incorrect: number;
  wrong: string[];
}

interface PipelineResult {
  pipeline: Pipeline;
  images: number;
  wallMs: number;
  imagesPerSecond: number;
  cpuMsPerImage: number;
  detectors: Record<string, number>;
  accuracy: Record<string, Tally>;
  failing: Record<string, string[]>;
}

async function measure(pipeline: Pipeline, set: LabelledSet): Promise<PipelineResult> {
  const analyser = createPhotoAnalyser({ threads, pipeline });
  const detectors: Record<string, number> = {};
  analyser.onTask = ({ detector }) => {
    detectors[detector] = (detectors[detector] ?? 0) + 1;
  };
  await analyser.warmUp();
  const heads = await Promise.all(set.heads.map(async (h) => ({ ...h, bytes: await readFile(h.file) })));
  const cards = await Promise.all(set.cards.map(async (c) => ({ ...c, bytes: await readFile(c.file) })));
  let headResults: HeadPhotoAnalysis[] = [];
  let cardResults: IdCardFaceAnalysis[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    [headResults, cardResults] = await Promise.all([
      Promise.all(heads.map((h) => analyser.analyseHeadPhoto(h.bytes, rules))),
      Promise.all(cards.map((c) => analyser.analyseIdCardFront(c.bytes, rules))),
    ]);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await analyser.close();

  const accuracy: Record<string, Tally> = {};
  const tally = (code: string, right: boolean, name: string) => {
    const t = (accuracy[code] ??= { correct: 0, incorrect: 0, wrong: [] });
    if (right) t.correct++;
    else {
      t.incorrect++;
      t.wrong.push(name);
    }
  };
  const failing: Record<string, string[]> = {};
  set.heads.forEach((h, i) => {
    const checks = headResults[i].checks;
    failing[h.name] = checks.filter((c) => !c.passed).map((c) => c.code);
    for (const code of CHECK_CODES) {
      if (h.mayFail?.includes(code)) continue;
      const expectedFail = h.fails.includes(code);
      const check = checks.find((c) => c.code === code);
      // A face check is not made where the face count fails: a miss where it should have failed, else not counted.
      if (!check) {
        if (expectedFail) tally(code, false, h.name);
        continue;
      }
      tally(code, check.passed !== expectedFail, h.name);
    }
  });
  set.cards.forEach((c, i) => tally('ID_CARD_FACE', cardResults[i].found === c.face, c.name));
  for (const pair of set.pairs) {
    const card = cardResults[set.cards.findIndex((c) => c.file === pair.card)].descriptor;
    const photo = headResults[set.heads.findIndex((h) => h.file === pair.photo)].descriptor;
    const name = `${path.basename(pair.card, '.jpg')} vs ${path.basename(pair.photo, '.jpg')}`;
    if (!card || !photo) tally('COMPARISON', false, name);
    else tally('COMPARISON', analyser.compare(card, photo, rules).matched === pair.samePerson, name);
  }
  const images = (heads.length + cards.length) * rounds;
  return {
    pipeline,
    images,
    wallMs: Math.round(wallMs),
    imagesPerSecond: Number(((images * 1000) / wallMs).toFixed(2)),
    cpuMsPerImage: Math.round((used.user + used.system) / 1000 / images),
    detectors,
    accuracy,
    failing,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-photos-'));
try {
  const set = await buildLabelledSet(dir);
  console.log(`labelled set: ${set.heads.length} head photos, ${set.cards.length} ID card fronts, ${set.pairs.length} comparison pairs; ${threads} threads, ${rounds} round(s), ${os.cpus().length} cores`);
  const results: PipelineResult[] = [];
  for (const pipeline of pipelines) results.push(await measure(pipeline, set));

  const col = (s: string | number) => String(s).padStart(18);
  console.log(`\n${''.padEnd(18)}${results.map((r) => col(r.pipeline)).join('')}`);
  console.log(`${'images / s'.padEnd(18)}${results.map((r) => col(r.imagesPerSecond)).join('')}`);
  console.log(`${'CPU ms / image'.padEnd(18)}${results.map((r) => col(r.cpuMsPerImage)).join('')}`);
  console.log(`${'detector'.padEnd(18)}${results.map((r) => col(Object.entries(r.detectors).map(([d, n]) => `${d} ${n}`).join(', '))).join('')}`);
  console.log(`${'check'.padEnd(18)}${results.map(() => col('correct / wrong')).join('')}`);
  for (const code of [...CHECK_CODES, 'ID_CARD_FACE', 'COMPARISON']) {
    console.log(`${code.padEnd(18)}${results.map((r) => col(`${r.accuracy[code]?.correct ?? 0} / ${r.accuracy[code]?.incorrect ?? 0}`)).join('')}`);
  }
  for (const r of results) {
    const wrong = Object.entries(r.accuracy).flatMap(([code, t]) => t.wrong.map((w) => `${code}: ${w}`));
    console.log(`\n${r.pipeline} got wrong: ${wrong.length ? wrong.join('; ') : 'nothing'}`);
  }
  if (results.length === 2) {
    const differ = Object.keys(results[0].failing).filter((n) => results[0].failing[n].join() !== results[1].failing[n].join());
    console.log(`\nhead photos whose failed checks differ between the pipelines: ${differ.length ? differ.map((n) => `${n} (${results[0].failing[n].join(',') || 'none'} / ${results[1].failing[n].join(',') || 'none'})`).join('; ') : 'none'}`);
  }
  const out = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, threads, rounds, cases: { heads: set.heads.length, cards: set.cards.length, pairs: set.pairs.length }, results: results.map(({ failing: _failing, ...r }) => r) };
  fs.writeFileSync(path.join(root, 'bench', 'results', 'photos.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwritten to bench/results/photos.json');
} finally {
  if (values.keep) console.log(`images kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
