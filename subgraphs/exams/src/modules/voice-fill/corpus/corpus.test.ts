import { beforeAll, describe, expect, it } from 'vitest';
import { describeMiss, evaluateCorpus, readCorpus, type CorpusScore } from './evaluate.ts';

/** Exact field accuracy the parser must keep on the corpus: right values over expected-or-suggested fields. */
const ACCURACY_THRESHOLD = 0.95;

describe('the voice-fill corpus', () => {
  const corpus = readCorpus();
  let score: CorpusScore & { results: Map<string, import('../transcript-parser.ts').TranscriptParse> };

  beforeAll(async () => {
    score = await evaluateCorpus(corpus);
    const rows = Object.entries(score.byField).map(([field, s]) => `  ${field.padEnd(18)} precision ${s.precision.toFixed(2)}  recall ${s.recall.toFixed(2)}  (${s.correct} right, ${s.suggested} suggested, ${s.expected} expected)`);
    console.info(`voice-fill corpus: ${score.transcripts} transcripts, exact field accuracy ${(score.accuracy * 100).toFixed(1)}% (${score.correct}/${score.outcomes})\n${rows.join('\n')}`);
  });

  it('holds at least 60 transcripts, each with a unique id and a form that exists', () => {
    expect(corpus.transcripts.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.transcripts.map((t) => t.id)).size).toBe(corpus.transcripts.length);
    for (const entry of corpus.transcripts) expect(score.results.has(entry.id), entry.id).toBe(true);
  });

  it('covers what candidates do: fillers, corrections, missing fields, two numbers, numerals, dates, addresses, unpunctuated text', () => {
    const tags = new Set(corpus.transcripts.flatMap((t) => t.tags));
    for (const tag of ['fillers', 'correction', 'missing-fields', 'two-numbers', 'chinese-numerals', 'yao', 'dong', 'date', 'two-digit-year', 'ethnicity', 'political-status', 'school', 'major', 'roster', 'address', 'numbers-in-address', 'no-punctuation', 'check-x', 'province-sd']) {
      expect(tags, tag).toContain(tag);
    }
  });

  it(`suggests the expected value for at least ${ACCURACY_THRESHOLD * 100}% of fields, and names every miss`, () => {
    const report = `accuracy ${(score.accuracy * 100).toFixed(1)}% (${score.correct}/${score.outcomes}); misses:\n${score.misses.map(describeMiss).join('\n')}`;
    expect(score.accuracy, report).toBeGreaterThanOrEqual(ACCURACY_THRESHOLD);
  });

  it('points every suggestion at the words it was heard in, with a confidence between 0 and 1', () => {
    for (const entry of corpus.transcripts) {
      for (const s of score.results.get(entry.id)!.suggestions) {
        expect(entry.transcript.slice(s.evidence.start, s.evidence.end), `${entry.id} ${s.field}`).toBe(s.evidence.text);
        expect(s.confidence).toBeGreaterThanOrEqual(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('never suggests a value it was told to doubt with more confidence than the candidate can trust', () => {
    for (const entry of corpus.transcripts) {
      for (const s of score.results.get(entry.id)!.suggestions) {
        if (s.problem) expect(s.confidence, `${entry.id} ${s.field}: ${s.problem}`).toBeLessThan(0.9);
      }
    }
  });
});
