import nlp from 'compromise';
import attributionLexicon from '../../data/lexicons/attribution.json' with { type: 'json' };
import entityLexicon from '../../data/lexicons/entities.json' with { type: 'json' };
import reportingLexicon from '../../data/lexicons/reporting.json' with { type: 'json' };
import signalLexicon from '../../data/lexicons/signals.json' with { type: 'json' };

/**
 * Lexicons, read once when the module loads and never changed after. The word lists live in
 * data/lexicons/*.json; the name and place gazetteer comes from compromise's English lexicon, which
 * holds thousands of first names, surnames, countries, cities and regions.
 */
export interface Gazetteer {
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  places: ReadonlySet<string>;
  organizations: ReadonlySet<string>;
  demonyms: ReadonlySet<string>;
}

function buildGazetteer(): Gazetteer {
  const lexicon = (
    nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
  ).model().one.lexicon;
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const places = new Set<string>();
  const organizations = new Set<string>();
  const demonyms = new Set<string>();
  for (const [word, raw] of Object.entries(lexicon)) {
    const tags = Array.isArray(raw) ? raw : [raw];
    for (const tag of tags) {
      if (tag === 'MaleName' || tag === 'FemaleName' || tag === 'FirstName') firstNames.add(word);
      else if (tag === 'LastName') lastNames.add(word);
      else if (tag === 'Country' || tag === 'City' || tag === 'Region' || tag === 'Place') places.add(word);
      else if (tag === 'Organization' || tag === 'SportsTeam') organizations.add(word);
      else if (tag === 'Demonym') demonyms.add(word);
    }
  }
  for (const word of [
    'soviet',
    'kazakh',
    'western',
    'eastern',
    'arab',
    'kurdish',
    'palestinian',
    'israeli',
  ]) {
    demonyms.add(word);
  }
  return { firstNames, lastNames, places, organizations, demonyms };
}

export const gazetteer: Gazetteer = buildGazetteer();

const lower = (words: string[]) => new Set(words.map((word) => word.toLowerCase()));

export const entityWords = {
  titleModifiers: lower(entityLexicon.titleModifiers),
  titles: lower(entityLexicon.titles),
  organizationHeads: lower(entityLexicon.organizationHeads),
  placeAcronyms: lower(entityLexicon.placeAcronyms),
  nonNameCapitalized: lower(entityLexicon.nonNameCapitalized),
  months: lower(entityLexicon.months),
  weekdays: lower(entityLexicon.weekdays),
  codenameCues: entityLexicon.codenameCues.map((cue) => cue.toLowerCase()),
} as const;

export { attributionLexicon, reportingLexicon, signalLexicon };
