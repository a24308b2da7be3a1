import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/core/index.ts';
import { openLedger } from '../../src/ledger/index.ts';
import { loadModels } from '../../src/models/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { createApiToken } from '../../src/review/index.ts';
import { type RunningServer, serve } from '../../src/server/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the browser test: no Chromium at ${CHROMIUM}`);

describe.skipIf(!hasChromium)('the review desk in a real browser', () => {
  let directory: string;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let secret: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'claimtrail-web-'));
    store = await openStore(join(directory, 'ledger.db'));
    secret = (await createApiToken(store, { name: 'Web Reviewer', role: 'reviewer' })).secret;
    const settings = resolveSettings({}, {});
    const ledger = await openLedger({ store, pipeline: createPipeline({ settings, models: loadModels() }) });
    server = await serve({ store, ledger, settings }, { port: 0, hostname: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('loads the examples, opens a dossier, and records evidence and a status through the forms', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(server.url);
    await page.getByRole('button', { name: 'Load the example articles' }).click();
    await page.waitForSelector('table.board');
    const claims = page.locator('table.board tbody tr');
    expect(await claims.count()).toBeGreaterThan(3);
    expect(await page.locator('svg.sparkline').count()).toBeGreaterThan(3);

    const first = claims.first().locator('a').first();
    const representative = (await first.textContent()) ?? '';
    await first.click();
    await expect.poll(() => page.locator('h1.claim-title').textContent()).toBe(representative);
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(await page.locator('mark.claim-span').count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.getByLabel('Token').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('h1.claim-title');
    expect(page.url()).toContain('/claims/');

    const evidenceForm = page.locator('form[action$="/evidence"]');
    await evidenceForm.getByLabel('URL', { exact: true }).fill('https://city.example/quarterly-cost-report');
    await evidenceForm.getByLabel('Quote').fill('Projected cost of the line: 265 million euros.');
    await evidenceForm.getByLabel('Relation').selectOption('refutes');
    await evidenceForm.getByLabel('Kind').selectOption('primary-document');
    await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
    await page.waitForSelector('ul.evidence li');
    expect(await page.locator('ul.evidence').textContent()).toContain(
      'Projected cost of the line: 265 million euros.',
    );

    const statusForm = page.locator('form[action$="/status"]');
    await statusForm.getByLabel('Status').selectOption('denied');
    await statusForm.getByLabel('Note').fill('The transport department denies the figure.');
    await statusForm.locator('input[name="evidenceIds"]').first().check();
    await statusForm.getByRole('button', { name: 'Record status' }).click();
    await page.waitForSelector('ol.status-history li');
    expect(await page.locator('ol.status-history').textContent()).toContain(
      'The transport department denies the figure.',
    );
    expect(await page.locator('.summary .status').textContent()).toBe('denied');

    // The board shows the new status too.
    await page.goto(server.url);
    expect(await page.locator('table.board').textContent()).toContain('denied');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
