import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from './settings.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const settingsRows = README.split('\n').filter((line) => line.startsWith('|'));

describe('README documents every setting', () => {
  for (const setting of Object.values(SETTINGS)) {
    it(`documents ${setting.name} with its environment variable in one table row`, () => {
      const row = settingsRows.find((line) => line.split('|')[1]?.trim() === `\`${setting.name}\``);
      expect(row, `README.md has no table row for the setting ${setting.name}`).toBeDefined();
      expect(row).toContain(`\`${setting.env}\``);
    });
  }
});
