import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeArticle, readExpectedFile } from './expectations.ts';

// Every `<name>.txt` in test/fixtures is paired with `<name>.expected.json`; adding a pair adds its tests.
const fixturesFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const files = readdirSync(fixturesFolder);
const articleNames = files
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length));
const expectedNames = files
  .filter((file) => file.endsWith('.expected.json'))
  .map((file) => file.slice(0, -'.expected.json'.length));

describe('fixture folder', () => {
  it('holds at least one article with its expected checks', () => {
    expect(articleNames.filter((name) => expectedNames.includes(name))).not.toEqual([]);
  });

  it('pairs every article with an expected-checks file and every expected-checks file with an article', () => {
    const unpaired = [
      ...articleNames.filter((name) => !expectedNames.includes(name)).map((name) => `${name}.expected.json`),
      ...expectedNames.filter((name) => !articleNames.includes(name)).map((name) => `${name}.txt`),
    ];
    expect(unpaired, 'missing fixture files').toEqual([]);
  });
});

for (const name of articleNames.sort()) {
  const expectedPath = resolve(fixturesFolder, `${name}.expected.json`);
  if (!existsSync(expectedPath)) continue;
  describeArticle(
    `fixture ${name}`,
    readFileSync(resolve(fixturesFolder, `${name}.txt`), 'utf8'),
    readExpectedFile(expectedPath),
  );
}
