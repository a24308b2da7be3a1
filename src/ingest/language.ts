import { francAll } from 'franc-min';
import { InputError } from '../core/errors.ts';

/** Below this many letters the detector guesses; short texts pass unchecked. */
const MIN_LETTERS = 120;

/**
 * franc scores languages relative to the best one (1.0), on a scale that compresses as the text
 * grows, so it is always given windows of about the same length. On 150 to 300 characters, English
 * paragraphs dense with foreign names score English first with Dutch or German close behind (0.93
 * to 0.99), while French, German and Spanish news text scores English at 0.63 to 0.79. A window
 * counts as foreign only when English is no closer than this to the winner.
 */
const ENGLISH_CLOSE = 0.9;

/** Languages this close to the winner are named together ("Bulgarian or Russian"). */
const TIED = 0.97;

/** Characters per window, about one news paragraph. */
const WINDOW = 300;

/** Windows judged in a long text, spread evenly over it. */
const MAX_WINDOWS = 7;

/** Share of judged windows that must be foreign before the text is refused. */
const FOREIGN_MAJORITY = 2 / 3;

interface Verdict {
  english: boolean;
  languages: string[];
}

function judge(sample: string): Verdict | undefined {
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return undefined;
  const ranking = francAll(sample, { minLength: 20 });
  const [best] = ranking;
  if (!best || best[0] === 'und') return undefined;
  const englishScore = ranking.find(([code]) => code === 'eng')?.[1] ?? 0;
  if (best[0] === 'eng' || englishScore >= ENGLISH_CLOSE) return { english: true, languages: ['eng'] };
  const languages = ranking
    .filter(([, score]) => score >= TIED)
    .slice(0, 2)
    .map(([code]) => code);
  return { english: false, languages };
}

function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** Windows of about {@link WINDOW} characters spread over the text, each ending at a word boundary. */
function windowsOf(text: string): string[] {
  if (text.length <= WINDOW * 1.5) return [text];
  const count = Math.min(MAX_WINDOWS, Math.floor(text.length / WINDOW));
  const step = Math.floor((text.length - WINDOW) / Math.max(1, count - 1));
  const windows: string[] = [];
  for (let index = 0; index < count; index++) {
    const start = index * step;
    const end = text.indexOf(' ', start + WINDOW);
    windows.push(text.slice(start, end === -1 ? text.length : end));
  }
  return windows;
}

/**
 * Refuses text that is confidently not English, with `InputError('not-english')` naming the
 * language it looks like. Texts under about 120 letters, texts the detector cannot place, and texts
 * where English comes close to the best guess all pass: refusing an English article costs the user
 * more than analyzing a foreign one badly. A long text is judged by paragraph-sized windows spread
 * over it and refused only when two thirds of them are foreign, so quoted passages cannot decide.
 *
 * @example
 * assertEnglish('Le conseil municipal a voté mardi ...', 'story.txt')
 * // throws: story.txt looks like French text; claimtrail analyzes English articles only
 */
export function assertEnglish(text: string, label = 'input'): void {
  const verdicts = windowsOf(text)
    .map(judge)
    .filter((verdict): verdict is Verdict => verdict !== undefined);
  const foreign = verdicts.filter((verdict) => !verdict.english);
  const [first] = foreign;
  if (!first || foreign.length < verdicts.length * FOREIGN_MAJORITY) return;
  const names = first.languages.map(languageName).join(' or ');
  throw new InputError(
    'not-english',
    `${label} looks like ${names} text; claimtrail analyzes English articles only`,
  );
}
