/**
 * English function words dropped before matching: they carry no claim content and would make every
 * posting list long. Negations ("not", "no", "never") are kept on purpose: "X is not dead" and
 * "X is dead" are different claims, and the re-ranker can only weigh what the index keeps. The list
 * holds the forms left after apostrophes are removed ("dont", "isnt").
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have
  having he her here hers herself him himself his how i if in into is it its itself just me more most my
  myself nor of off on once only or other our ours ourselves out over own same she should so some such
  than that the their theirs them themselves then there these they this those through to too under until
  up very was we were what when where which while who whom why will with would you your yours yourself
  yourselves s t d ll m re ve im ive id youre theyre thats whats theres lets also may might must shall
  us via rt amp get got go going gone says said say`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
