/**
 * Runs the transcript parser over the written corpus and scores it field by field: what the corpus test asserts
 * and `npm run bench:voice` prints. `npm run bench:voice -- FILE` reads another corpus file of the same shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_RULES_DIR, loadRuleSet } from '@zsb/rules';
import { personalInformationFields } from '../form-fields.ts';
import { parseTranscript, type FieldSuggestion, type FormFieldSpec, type TranscriptParse } from '../transcript-parser.ts';

export const CORPUS_FILE = path.join(path.dirname(new URL(import.meta.url).pathname), 'transcripts.json');

type Expected = string | { value: string; maxConfidence?: number };

export interface CorpusEntry {
  id: string;
  /** `<province>/<year>`, a rule set under rules/provinces. */
  form: string;
  tags: string[];
  transcript: string;
  expect: Record<string, Expected>;
  /** Fields whose value the speaker corrected (不对，是…). */
  corrected?: string[];
}

export interface Corpus {
  today: string;
  transcripts: CorpusEntry[];
}

export interface Miss {
  id: string;
  field: string;
  kind: 'wrong' | 'missed' | 'extra' | 'too-confident' | 'not-marked-corrected';
  expected?: string;
  got?: string;
  confidence?: number;
  transcript: string;
}

export interface FieldScore {
  /** Suggestions made that were right / all suggestions made for the field. */
  precision: number;
  /** Expected values suggested right / all expected values of the field. */
  recall: number;
  correct: number;
  suggested: number;
  expected: number;
}

export interface CorpusScore {
  transcripts: number;
  /** Field outcomes counted: every expected field, and every field suggested though not expected. */
  outcomes: number;
  correct: number;
  /** correct / outcomes: exact field accuracy over the corpus. */
  accuracy: number;
  byField: Record<string, FieldScore>;
  misses: Miss[];
}

export function readCorpus(file = CORPUS_FILE): Corpus {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Corpus;
}

/** The personal-information fields of each form the corpus names, as a candidate of that province sees them. */
export async function corpusForms(corpus: Corpus, rulesDir = DEFAULT_RULES_DIR): Promise<Map<string, FormFieldSpec[]>> {
  const forms = new Map<string, FormFieldSpec[]>();
  for (const form of new Set(corpus.transcripts.map((t) => t.form))) {
    const ruleSet = loadRuleSet(path.join(rulesDir, form));
    forms.set(form, await personalInformationFields(ruleSet, {}, new Date(`${corpus.today}T10:00:00+08:00`)));
  }
  return forms;
}

/** The value a corpus expectation names, for a field: option names become codes. */
function expectedValue(field: FormFieldSpec | undefined, expected: Expected): string {
  const value = typeof expected === 'string' ? expected : expected.value;
  const option = field?.options?.find((o) => o.name === value || o.code === value);
  return option ? option.code : value;
}

function shown(field: FormFieldSpec | undefined, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const option = field?.options?.find((o) => o.code === value);
  return option ? `${option.name} (${value})` : value;
}

/** Parses every transcript and scores the suggestions against the expectations. */
export async function evaluateCorpus(corpus = readCorpus()): Promise<CorpusScore & { results: Map<string, TranscriptParse> }> {
  const forms = await corpusForms(corpus);
  const today = new Date(`${corpus.today}T00:00:00Z`);
  const byField: Record<string, FieldScore> = {};
  const misses: Miss[] = [];
  const results = new Map<string, TranscriptParse>();
  let outcomes = 0;
  let correct = 0;
  const score = (field: string) => (byField[field] ??= { precision: 0, recall: 0, correct: 0, suggested: 0, expected: 0 });
  for (const entry of corpus.transcripts) {
    const fields = forms.get(entry.form)!;
    const result = parseTranscript(entry.transcript, fields, { today });
    results.set(entry.id, result);
    const got = new Map<string, FieldSuggestion>(result.suggestions.map((s) => [s.field, s]));
    const codes = new Set([...Object.keys(entry.expect), ...got.keys()]);
    for (const code of codes) {
      const field = fields.find((f) => f.code === code);
      const expectation = entry.expect[code];
      const suggestion = got.get(code);
      const s = score(code);
      outcomes++;
      if (suggestion) s.suggested++;
      if (expectation === undefined) {
        misses.push({ id: entry.id, field: code, kind: 'extra', got: shown(field, suggestion!.value), confidence: suggestion!.confidence, transcript: entry.transcript });
        continue;
      }
      s.expected++;
      const want = expectedValue(field, expectation);
      if (!suggestion) {
        misses.push({ id: entry.id, field: code, kind: 'missed', expected: shown(field, want), transcript: entry.transcript });
        continue;
      }
      if (suggestion.value !== want) {
        misses.push({ id: entry.id, field: code, kind: 'wrong', expected: shown(field, want), got: shown(field, suggestion.value), confidence: suggestion.confidence, transcript: entry.transcript });
        continue;
      }
      const maxConfidence = typeof expectation === 'object' ? expectation.maxConfidence : undefined;
      if (maxConfidence !== undefined && suggestion.confidence > maxConfidence) {
        misses.push({ id: entry.id, field: code, kind: 'too-confident', expected: `${shown(field, want)} at most ${maxConfidence}`, got: shown(field, suggestion.value), confidence: suggestion.confidence, transcript: entry.transcript });
        continue;
      }
      if (entry.corrected?.includes(code) && !suggestion.corrected) {
        misses.push({ id: entry.id, field: code, kind: 'not-marked-corrected', expected: shown(field, want), got: shown(field, suggestion.value), transcript: entry.transcript });
        continue;
      }
      s.correct++;
      correct++;
    }
  }
  for (const s of Object.values(byField)) {
    s.precision = s.suggested ? s.correct / s.suggested : 1;
    s.recall = s.expected ? s.correct / s.expected : 1;
  }
  return { transcripts: corpus.transcripts.length, outcomes, correct, accuracy: outcomes ? correct / outcomes : 1, byField, misses, results };
}

/** One line per miss, for a failing test and the benchmark. */
export function describeMiss(miss: Miss): string {
  const what = { wrong: 'wrong', missed: 'not heard', extra: 'not said', 'too-confident': 'too confident', 'not-marked-corrected': 'correction not marked' }[miss.kind];
  const detail = [miss.expected && `expected ${miss.expected}`, miss.got && `got ${miss.got}`, miss.confidence !== undefined && `confidence ${miss.confidence}`].filter(Boolean).join(', ');
  return `${miss.id} ${miss.field}: ${what} (${detail}) — “${miss.transcript}”`;
}
