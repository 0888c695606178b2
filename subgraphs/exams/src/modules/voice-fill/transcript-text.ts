/**
 * A transcript made ready for parsing: full-width characters folded (１３８ → 138, ： → :), fillers (嗯, 啊, 那个,
 * 就是, 然后, …) replaced by a pause, runs of spaces collapsed; every character remembers where it stood in the
 * transcript, so what is found can be shown as the span it was heard in.
 */

/** Words a speaker fills pauses with; each becomes a pause (a space), never part of a value. Longest first. */
export const FILLERS = [
  '让我想想', '我想一下', '我看一下', '怎么说呢', '就是说', '这样子', '的话', '那个', '这个', '就是', '然后', '还有', '那么',
  '嗯', '呃', '啊', '哦', '噢', '唔', '呐', '嘛', '呢', '哎', '诶', '欸',
];

/** Where a clause ends for certain. */
export const HARD_BOUNDARIES = new Set(['。', '!', '?', ';', '\n', '！', '？', '；']);
/** Where a clause may end: a comma, a pause. */
export const SOFT_BOUNDARIES = new Set([',', '，', '、', ' ', ':', '：', '"', '“', '”', '(', ')', '（', '）', '~', '…']);

export function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || HARD_BOUNDARIES.has(ch) || SOFT_BOUNDARIES.has(ch);
}

/** Chinese characters (the CJK unified ideographs and 〇). */
export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && (/\p{Script=Han}/u.test(ch) || ch === '〇');
}

export class TranscriptText {
  /** The text parsed. */
  readonly text: string;
  /** For each character of `text`, its offset in the transcript; one more entry for the end. */
  private readonly origin: number[];

  constructor(readonly transcript: string) {
    const chars: string[] = [];
    const origin: number[] = [];
    const push = (ch: string, at: number) => {
      // Collapse pauses: a space after a space or at the start adds nothing.
      if (ch === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) return;
      chars.push(ch);
      origin.push(at);
    };
    let i = 0;
    while (i < transcript.length) {
      const filler = FILLERS.find((f) => transcript.startsWith(f, i));
      if (filler) {
        push(' ', i);
        i += filler.length;
        continue;
      }
      const cp = transcript.codePointAt(i)!;
      const raw = String.fromCodePoint(cp);
      const folded = /\s/.test(raw) ? ' ' : raw.normalize('NFKC');
      for (const ch of folded) push(ch, i);
      i += raw.length;
    }
    while (chars.length && chars[chars.length - 1] === ' ') {
      chars.pop();
      origin.pop();
    }
    origin.push(transcript.length);
    this.text = chars.join('');
    this.origin = origin;
  }

  /** Where the text from `start` to `end` (end exclusive) was heard in the transcript. */
  span(start: number, end: number): { text: string; start: number; end: number } {
    const from = this.origin[start];
    const last = end > start ? this.origin[end - 1] : from;
    // The end is the end of the last character read, which may have been folded from a wider one.
    let to = last;
    if (end > start) to = last + String.fromCodePoint(this.transcript.codePointAt(last)!).length;
    return { text: this.transcript.slice(from, to), start: from, end: to };
  }
}
