import type { Analysis } from '../core/analysis-schema.ts';
import {
  documentSources,
  isHedged,
  namedSources,
  plural,
  signalPhrases,
  singleSourceName,
  unnamedSources,
} from './render-text.ts';

/**
 * Renders an analysis as a Markdown report: title, summary bullets, a table of claims and a table
 * of sources. Article text is escaped so it cannot break the tables or turn into markup.
 *
 * @example
 * renderMarkdown(analysis).split('\n')[0]; // '# Claims in "Kazakh ex-spy chief says KGB recruited Trump"'
 */
export function renderMarkdown(analysis: Analysis): string {
  const { title, byline, publisher, published, url } = analysis.article;
  const lines: string[] = [];
  lines.push(title ? `# Claims in "${escapeInline(title)}"` : '# Claim analysis', '');
  const about = [
    byline ? `by ${escapeInline(byline)}` : undefined,
    publisher ? escapeInline(publisher) : undefined,
    published ? escapeInline(published) : undefined,
    url ? `<${url.replace(/[<>\s]/g, encodeURIComponent)}>` : undefined,
    `${analysis.article.wordCount} words`,
  ].filter(Boolean);
  lines.push(`_${about.join(' · ')}_`, '');

  lines.push('## Summary', '');
  for (const item of summaryBullets(analysis)) lines.push(`- ${item}`);
  lines.push('');

  lines.push('## Claims', '');
  if (analysis.claims.length === 0) {
    lines.push('No check-worthy claims found.');
  } else {
    lines.push('| # | Claim | Claimant | Certainty | Signals |', '|---:|---|---|---:|---|');
    analysis.claims.forEach((claim, claimIndex) => {
      const claimant = claim.claimant === null ? '_the article itself_' : escapeCell(claim.claimant);
      const signals = claim.signals
        .map((signal) => `${signal.type}: "${escapeCell(signal.text)}"`)
        .join('; ');
      lines.push(
        `| ${claimIndex + 1} | ${escapeCell(claim.text)} | ${claimant} | ${claim.certainty.toFixed(2)} | ${signals || '–'} |`,
      );
    });
  }
  lines.push('');

  lines.push('## Sources', '');
  if (analysis.sources.length === 0) {
    lines.push('No attributed sources.');
  } else {
    lines.push('| Source | Kind | Described as | Mentions |', '|---|---|---|---:|');
    for (const source of analysis.sources) {
      const descriptions = source.descriptions.map(escapeCell).join('; ') || '–';
      lines.push(`| ${escapeCell(source.name)} | ${source.kind} | ${descriptions} | ${source.mentions} |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

function summaryBullets(analysis: Analysis): string[] {
  const { summary } = analysis;
  const hedged = analysis.claims.filter(isHedged).length;
  const listOf = (names: string[]) => (names.length > 0 ? names.map(escapeInline).join(', ') : 'none');
  const quotedList = (phrases: string[]) =>
    phrases.length > 0 ? phrases.map((phrase) => `"${escapeInline(phrase)}"`).join(', ') : 'none';
  const single = singleSourceName(analysis);
  const missing = signalPhrases(analysis, 'evidence-absent');
  return [
    `**${plural(summary.claims, 'claim')}** in ${plural(analysis.sentences.length, 'sentence')}: ${hedged} hedged, ${analysis.claims.length - hedged} stated as fact`,
    `**Named sources:** ${listOf(namedSources(analysis).map((source) => source.name))}`,
    `**Anonymous and vague sources:** ${listOf(unnamedSources(analysis).map((source) => source.name))}`,
    ...(documentSources(analysis).length > 0
      ? [`**Documents quoted:** ${listOf(documentSources(analysis).map((source) => source.name))}`]
      : []),
    `**Rests on a single source:** ${single !== undefined ? `yes, ${escapeInline(single)}` : 'no'}`,
    `**Evidence cited:** ${quotedList(summary.evidenceCited)}`,
    `**Evidence admitted missing:** ${summary.evidenceAbsent ? `yes${missing.length > 0 ? ` (${quotedList(missing)})` : ''}` : 'no'}`,
    `**Presupposed:** ${quotedList(summary.presupposed)}`,
  ];
}

/** Backslash-escapes the characters that would turn article text into Markdown markup. */
function escapeInline(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>#|~]/g, (character) => `\\${character}`);
}

function escapeCell(value: string): string {
  return escapeInline(value).trim();
}
