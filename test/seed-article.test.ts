import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { describeArticle, readExpectedFile } from './expectations.ts';

// The seed article is shared data kept outside the repository, next to it; it is read in place, never copied.
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesFolder = resolve(repositoryRoot, '../shared/examples');
const articlePath = resolve(examplesFolder, 'seed-article.txt');
const expectedPath = resolve(examplesFolder, 'seed-article.expected.json');

if (existsSync(articlePath) && existsSync(expectedPath)) {
  describeArticle('seed article', readFileSync(articlePath, 'utf8'), readExpectedFile(expectedPath));
} else {
  const missing = existsSync(articlePath) ? expectedPath : articlePath;
  console.log(`seed article tests skipped: shared examples not found at ${missing}`);
  describe.skip('seed article', () => {
    it('needs the shared examples', () => {});
  });
}
