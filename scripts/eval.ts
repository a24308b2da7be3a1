import { parseArgs } from 'node:util';
import { createPipeline, ruleCheckworthiness } from '../src/pipeline/index.ts';
import { evaluateNewsClaims, loadNewsClaims } from './eval/news-claims.ts';
import { evaluatePolnear, loadPolnear } from './eval/polnear.ts';
import { type EvalReport, formatReport } from './eval/report.ts';
import { findSharedData, missingSharedDataMessage } from './eval/shared-data.ts';

/**
 * Measures the pipeline on the shared development data: claim sentences and claimers on NewsClaims,
 * attribution spans on PolNeAR dev. `npm run eval` prints a table; `npm run eval -- --json` the same
 * figures as JSON on stdout.
 */
function main(): void {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const sharedData = findSharedData();
  if (!sharedData) {
    const message = missingSharedDataMessage();
    console.log(values.json ? JSON.stringify({ schema: 'claimtrail.eval/1', skipped: [message] }) : message);
    return;
  }
  const started = performance.now();
  const model = ruleCheckworthiness;
  const pipeline = createPipeline({ checkworthiness: model });
  const skipped: string[] = [];

  const newsClaimsArticles = loadNewsClaims(sharedData);
  if (!newsClaimsArticles) skipped.push('news-claims (news-claims/newsclaims-dev-*.json not found)');
  const newsClaims = newsClaimsArticles ? evaluateNewsClaims(newsClaimsArticles, pipeline) : null;

  const polnearDev = loadPolnear(sharedData, 'dev');
  if (!polnearDev) skipped.push('polnear dev (attribution/polnear/dev not found)');
  const polnear = polnearDev ? evaluatePolnear(polnearDev, pipeline) : null;

  const report: EvalReport = {
    schema: 'claimtrail.eval/1',
    checkworthinessModel: model.name,
    sharedData,
    newsClaims,
    polnear,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

main();
