import { franc } from 'franc-min';
import { InputError } from '../core/errors.ts';

const LANGUAGE_NAMES: Record<string, string> = {
  fra: 'French',
  deu: 'German',
  spa: 'Spanish',
  ita: 'Italian',
  por: 'Portuguese',
  rus: 'Russian',
  ukr: 'Ukrainian',
  nld: 'Dutch',
  pol: 'Polish',
  tur: 'Turkish',
  arb: 'Arabic',
  cmn: 'Chinese',
  jpn: 'Japanese',
  kor: 'Korean',
  hin: 'Hindi',
  swe: 'Swedish',
  ron: 'Romanian',
  hun: 'Hungarian',
  ces: 'Czech',
  ell: 'Greek',
  ind: 'Indonesian',
};

/**
 * Refuses text that is clearly not English. Short texts, and texts the detector cannot place, pass:
 * a false refusal costs the user more than a poor analysis.
 */
export function assertEnglish(text: string, label = 'input'): void {
  const sample = text.slice(0, 20_000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 120) return;
  const language = franc(sample, { minLength: 20 });
  if (language === 'und' || language === 'eng' || language === 'sco') return;
  const name = LANGUAGE_NAMES[language] ?? `"${language}"`;
  throw new InputError(
    'not-english',
    `${label} looks like ${name} text; claimtrail analyzes English articles only`,
  );
}
