/**
 * `npm run bench:voice`: the voice-fill parser on the written corpus
 * (subgraphs/exams/src/modules/voice-fill/corpus/transcripts.json): exact field accuracy, precision and recall per
 * field, every miss, and the time to parse each transcript (median over rounds of the whole corpus), plus the time to read
 * a recording's duration. Writes bench/results/voice.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { corpusForms, describeMiss, evaluateCorpus, readCorpus } from '../subgraphs/exams/src/modules/voice-fill/corpus/evaluate.ts';
import { parseTranscript } from '../subgraphs/exams/src/modules/voice-fill/transcript-parser.ts';
import { inspectRecording } from '../subgraphs/exams/src/modules/voice-fill/recording.ts';
import * as audio from '../subgraphs/exams/src/modules/voice-fill/testing/audio.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const score = await evaluateCorpus();

console.log(`voice-fill corpus: ${score.transcripts} transcripts, exact field accuracy ${(score.accuracy * 100).toFixed(1)}% (${score.correct}/${score.outcomes} field outcomes)\n`);
console.log(`${'field'.padEnd(18)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'right'.padStart(6)} ${'suggested'.padStart(9)} ${'expected'.padStart(8)}`);
for (const [field, s] of Object.entries(score.byField)) {
  console.log(`${field.padEnd(18)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${String(s.correct).padStart(6)} ${String(s.suggested).padStart(9)} ${String(s.expected).padStart(8)}`);
}
if (score.misses.length) console.log(`\nmisses:\n${score.misses.map(describeMiss).join('\n')}`);

// Time: the whole corpus parsed ROUNDS times (after as many rounds of warm-up, for the JIT); per transcript, the
// median of its rounds, so a garbage collection or a busy neighbour on the machine does not count as parsing.
// A corpus file of the same shape may be named: `npm run bench:voice -- FILE`.
const corpus = readCorpus(process.argv[2] || undefined);
const forms = await corpusForms(corpus);
const today = new Date(`${corpus.today}T00:00:00Z`);
const samples = new Map<string, number[]>(corpus.transcripts.map((t) => [t.id, []]));
for (let round = 0; round < ROUNDS * 2; round++) {
  for (const entry of corpus.transcripts) {
    const started = process.hrtime.bigint();
    parseTranscript(entry.transcript, forms.get(entry.form)!, { today });
    if (round >= ROUNDS) samples.get(entry.id)!.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const times = [...samples].map(([id, s]) => [id, percentile(s, 0.5)] as [string, number]).sort((a, b) => b[1] - a[1]);
const ms = times.map(([, t]) => t);
console.log(`\nparse time per transcript (median of ${ROUNDS} rounds): median ${percentile(ms, 0.5).toFixed(3)} ms, p95 ${percentile(ms, 0.95).toFixed(3)} ms, max ${ms[0].toFixed(3)} ms`);
const lengthOf = new Map(corpus.transcripts.map((t) => [t.id, t.transcript.length]));
console.log('slowest:');
for (const [id, t] of times.slice(0, 5)) console.log(`  ${id.padEnd(40)} ${t.toFixed(3)} ms  (${lengthOf.get(id)} characters)`);

// Reading a five-minute recording's duration, per format (built in memory, as the tests build them).
const recordings: [string, Uint8Array][] = [
  ['m4a', audio.mp4(300)],
  ['aac', audio.adts(300)],
  ['mp3', audio.mp3(300)],
  ['wav', audio.wav(300)],
  ['amr', audio.amr(300)],
  ['webm (MediaRecorder)', audio.webm(300, false)],
  ['ogg', audio.oggOpus(300)],
];
console.log('\nreading the duration of a 5-minute recording:');
const durations: Record<string, { bytes: number; ms: number }> = {};
for (const [name, bytes] of recordings) {
  await inspectRecording(bytes);
  const started = process.hrtime.bigint();
  const rounds = 5;
  for (let i = 0; i < rounds; i++) await inspectRecording(bytes);
  const took = Number(process.hrtime.bigint() - started) / 1e6 / rounds;
  durations[name] = { bytes: bytes.length, ms: Number(took.toFixed(2)) };
  console.log(`  ${name.padEnd(22)} ${String(bytes.length).padStart(9)} bytes  ${took.toFixed(2)} ms`);
}

fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench/results/voice.json'),
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      node: process.version,
      transcripts: score.transcripts,
      accuracy: Number(score.accuracy.toFixed(4)),
      byField: score.byField,
      misses: score.misses.map(describeMiss),
      parseMs: { median: Number(percentile(ms, 0.5).toFixed(4)), p95: Number(percentile(ms, 0.95).toFixed(4)), max: Number(ms[0].toFixed(4)), byTranscript: Object.fromEntries(times.map(([id, t]) => [id, Number(t.toFixed(4))])) },
      recordingDurationMs: durations,
    },
    null,
    2,
  )}\n`,
);
console.log('\nwrote bench/results/voice.json');
