import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../src/models/random.ts';

/**
 * Small invented news articles about a dozen stories, told by several outlets in several
 * ways (quoted, attributed, hedged, stated as fact, copied from a wire), written as .json records
 * with a URL, plain text, Markdown and HTML files. Generated from templates with a seeded random
 * source, so every run writes the same set and a failure can be replayed.
 */

interface Story {
  /** Who or what the story is about. */
  subject: string;
  /** The central claim, as a clause: "<subject> <claim>". */
  claim: string;
  /** Who makes the claim. */
  claimant: string;
  role: string;
  /** Background facts, one sentence each, with numbers that tell stories apart. */
  facts: string[];
}

const STORIES: Story[] = [
  {
    subject: 'The regional water board',
    claim: 'overcharged farmers by 14 million dollars for irrigation permits',
    claimant: 'Marta Lindqvist',
    role: 'an auditor at the state treasury',
    facts: [
      'The board issued 2,300 irrigation permits in the last dry season.',
      'Permit fees doubled in 2024 after a vote by the board.',
      'Farm groups in the valley have filed four complaints since January.',
    ],
  },
  {
    subject: 'The city transit agency',
    claim: 'hid safety reports about cracked axles on 40 tram cars',
    claimant: 'Dev Raman',
    role: 'a former maintenance supervisor',
    facts: [
      'The agency runs 112 tram cars on six lines.',
      'Two trams were withdrawn from service in April for inspections.',
      'Ridership on the tram network rose by 9 percent last year.',
    ],
  },
  {
    subject: 'Northfield Hospital',
    claim: 'cancelled 600 scheduled surgeries to cut its overtime budget',
    claimant: 'Ines Carvalho',
    role: 'the head of the nurses union',
    facts: [
      'Northfield Hospital employs about 1,800 nurses.',
      'The hospital reported a deficit of 22 million dollars in its last annual report.',
      'Waiting lists for hip replacements in the district reached 11 months in May.',
    ],
  },
  {
    subject: 'The education ministry',
    claim: 'quietly dropped the reading test scores of 90 rural schools from its national report',
    claimant: 'Tomasz Wrona',
    role: 'an opposition lawmaker',
    facts: [
      'The national report covers more than 4,000 primary schools.',
      'Reading scores fell in three of the last five years.',
      'The ministry published the report two weeks later than planned.',
    ],
  },
  {
    subject: 'Greywater Mining',
    claim: 'dumped tailings into the Selka river for three months without a permit',
    claimant: 'Amara Osei',
    role: 'a researcher at the river conservancy',
    facts: [
      'Greywater Mining operates two copper pits upstream of Selka town.',
      'Fish counts at the Selka weir dropped by a third this spring.',
      'The environment agency inspected the site in February.',
    ],
  },
  {
    subject: 'The police commissioner',
    claim: 'used department funds to pay for 18 private flights',
    claimant: 'Jonas Feld',
    role: 'a member of the oversight committee',
    facts: [
      'The department spent 3.1 million dollars on travel last year.',
      'The commissioner took office in 2022 after a contested appointment.',
      'The oversight committee meets once a month in closed session.',
    ],
  },
  {
    subject: 'The port of Calder',
    claim: 'lost 7,000 shipping containers from its tracking system during a software upgrade',
    claimant: 'Leila Haddad',
    role: 'a logistics consultant who advised the port',
    facts: [
      'The port of Calder handles about 1.2 million containers a year.',
      'The software upgrade was delivered by a contractor in October.',
      'Customs officials reported delays of up to six days in November.',
    ],
  },
  {
    subject: 'The housing authority',
    claim: 'left 1,200 public flats empty while the waiting list grew',
    claimant: 'Rosa Mendez',
    role: 'a tenants association organizer',
    facts: [
      'The waiting list for public housing has 14,000 families on it.',
      'The authority renovated 300 flats in the last two years.',
      'Rents in the private market rose 12 percent since 2023.',
    ],
  },
  {
    subject: 'Sunridge Foods',
    claim: 'sold frozen chicken past its safe storage date to 40 school canteens',
    claimant: 'Peter Okafor',
    role: 'a former quality inspector at the company',
    facts: [
      'Sunridge Foods supplies meals to canteens in five districts.',
      'The food safety agency recalled two products from the firm in 2025.',
      'School canteens in the region serve 60,000 lunches a day.',
    ],
  },
  {
    subject: 'The election commission',
    claim: 'removed 25,000 eligible voters from the rolls in the eastern districts',
    claimant: 'Hugo Brandt',
    role: 'a lawyer for the voting rights coalition',
    facts: [
      'The eastern districts have about 900,000 registered voters.',
      'The commission updated the rolls in a routine review in March.',
      'Turnout in the eastern districts was 61 percent at the last election.',
    ],
  },
  {
    subject: 'Meridian Airlines',
    claim: 'flew planes with expired engine inspections on 35 occasions',
    claimant: 'Sofia Rinaldi',
    role: 'a pilot who left the airline last year',
    facts: [
      'Meridian Airlines operates 48 aircraft on domestic routes.',
      'The aviation regulator fined the airline once in 2023 over paperwork.',
      'The airline carried 5.4 million passengers last year.',
    ],
  },
  {
    subject: 'The county roads department',
    claim: 'paid a contractor twice for resurfacing the same 12 kilometres of highway',
    claimant: 'Greta Holm',
    role: 'a county budget analyst',
    facts: [
      'The department resurfaced 140 kilometres of road last summer.',
      'The contractor has held county road contracts since 2019.',
      'The county road budget for this year is 48 million dollars.',
    ],
  },
];

const OUTLETS = [
  { name: 'Ridge Herald', host: 'ridge-herald.example' },
  { name: 'Bay Observer', host: 'bay-observer.example' },
  { name: 'Metro Dispatch', host: 'metro-dispatch.example' },
  { name: 'Lakeside Times', host: 'lakeside-times.example' },
  { name: 'Northern Echo Daily', host: 'northern-echo.example' },
  { name: 'Prairie Post', host: 'prairie-post.example' },
];

/** The ways an outlet tells the central claim. */
const TELLINGS: ((story: Story) => string)[] = [
  (story) => `${story.claimant}, ${story.role}, said ${lower(story.subject)} ${story.claim}.`,
  (story) => `${story.subject} ${story.claim}, according to ${story.claimant}, ${story.role}.`,
  (story) =>
    `${story.subject} may have ${pastParticiple(story.claim)}, ${story.claimant} claimed on ${weekday(story)}.`,
  (story) => `${story.subject} ${story.claim}.`,
  (story) =>
    `"${story.subject} ${story.claim}," ${story.claimant} told reporters, without providing documents.`,
];

const REACTIONS = [
  (story: Story) => `${story.subject} denied the allegation in a short statement.`,
  (story: Story) => `${story.subject} did not respond to a request for comment.`,
  (story: Story) => `A spokesperson for ${lower(story.subject)} said an internal review was under way.`,
  () => 'Lawmakers said they would ask for the documents at their next hearing.',
];

function lower(subject: string): string {
  return subject.startsWith('The ') ? `the ${subject.slice(4)}` : subject;
}

/** The claims are in the simple past; these two verbs have another past participle. */
function pastParticiple(claim: string): string {
  return claim.replace(/^flew\b/, 'flown').replace(/^hid\b/, 'hidden');
}

function weekday(story: Story): string {
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
  return days[story.claimant.length % days.length] ?? 'Monday';
}

/** One generated article, before it is written in any format. */
export interface GeneratedArticle {
  /** File name without extension: the number, then the story's subject. */
  slug: string;
  outlet: { name: string; host: string };
  /** Where the outlet published it. */
  url: string;
  published: string;
  title: string;
  text: string;
}

/** What {@link writeArticles} wrote: the file, and the URL for .json records (others have none). */
export interface WrittenArticle {
  file: string;
  url?: string;
  text: string;
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const copy = [...list];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** Escapes text for an HTML page. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Makes `count` articles, the same ones for the same seed. Every fifth one is a wire copy of an
 * earlier one under another outlet, with one sentence added, so the set holds copies as well as
 * independent tellings of each story.
 */
export function generateArticles(count: number, seed = 7): GeneratedArticle[] {
  const random = createRandom(seed);
  const articles: (GeneratedArticle & { story: Story })[] = [];
  for (let number = 0; number < count; number += 1) {
    const outlet = OUTLETS[number % OUTLETS.length] as (typeof OUTLETS)[number];
    const day = 1 + (number % 20);
    const published = `2026-06-${String(day).padStart(2, '0')}T${String(6 + (number % 12)).padStart(2, '0')}:15:00Z`;
    let text: string;
    let story: Story;
    const earlier = articles[Math.floor(random() * articles.length)];
    if (number % 5 === 4 && earlier) {
      story = earlier.story;
      text = `${earlier.text} ${outlet.name} has asked ${lower(story.subject)} for its records on the matter in its report number ${number + 1}.`;
    } else {
      story = STORIES[(number * 7 + Math.floor(random() * 3)) % STORIES.length] as Story;
      const facts = shuffled(story.facts, random).slice(0, 1 + Math.floor(random() * 3));
      const sentences = [
        pick(TELLINGS, random)(story),
        ...facts,
        pick(REACTIONS, random)(story),
        `The ${outlet.name} report number ${number + 1} was filed from the ${pick(['north', 'south', 'east', 'west'], random)} bureau.`,
      ];
      text = sentences.join(' ');
    }
    const slug = `${String(number).padStart(3, '0')}-${story.subject.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    articles.push({
      slug,
      outlet,
      url: `https://${outlet.host}/news/${slug}`,
      published,
      title: `${story.subject} under scrutiny`,
      text,
      story,
    });
  }
  return articles.map(({ story: _story, ...article }) => article);
}

/** An article as a .json or .jsonl record of `ingest`: URL, title, publisher, date and text. */
export type IngestRecord = {
  url: string;
  title: string;
  publisher: string;
  published: string;
  text: string;
};

/** {@link generateArticles} as ingest records, each with its own URL and text. */
export function articleRecords(count: number, seed = 7): IngestRecord[] {
  return generateArticles(count, seed).map(({ url, title, outlet, published, text }) => ({
    url,
    title,
    publisher: outlet.name,
    published,
    text,
  }));
}

/**
 * Writes {@link generateArticles} into `directory` in turn as a .json record with URL, publisher
 * and date, a plain text file, Markdown or HTML; the last three have no URL and are told apart by
 * their text alone.
 */
export function writeArticles(directory: string, count: number, seed = 7): WrittenArticle[] {
  return generateArticles(count, seed).map((article, number) => {
    const { slug, outlet, url, published, title, text } = article;
    const kind = number % 4;
    if (kind === 0 || kind === 3) {
      const file = `${slug}.json`;
      writeFileSync(
        join(directory, file),
        JSON.stringify({ url, publisher: outlet.name, published, title, text }),
      );
      return { file, url, text };
    }
    if (kind === 1) {
      const file = `${slug}.txt`;
      writeFileSync(join(directory, file), `${text}\n`);
      return { file, text };
    }
    if (number % 8 === 2) {
      const file = `${slug}.md`;
      writeFileSync(join(directory, file), `# ${title}\n\n${text}\n`);
      return { file, text };
    }
    const file = `${slug}.html`;
    writeFileSync(join(directory, file), articlePage(article));
    return { file, text };
  });
}

/** The article as an outlet's web page. */
export function articlePage(article: GeneratedArticle): string {
  return (
    `<!doctype html><html><head><title>${escapeHtml(article.title)}</title>` +
    `<meta property="og:site_name" content="${escapeHtml(article.outlet.name)}"></head>` +
    `<body><article><h1>${escapeHtml(article.title)}</h1><p>${escapeHtml(article.text)}</p></article></body></html>`
  );
}
