import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';
import { formatSoakReport } from '../../bench/soak-report.ts';

/*
 * The short soak: the bench's ten-minute run (`npm run bench -- --only soak`) cut to twenty seconds so
 * it fits in CI. A real server process, real HTTP on loopback, a real SQLite file, fifty clients.
 *
 * The memory bound is 50% here against 10% in the full soak: after five seconds of warm-up the heap is
 * still settling (lazily compiled code, the matcher's caches, SQLite statements prepared on first use
 * by routes the warm-up may not have reached), and twenty seconds is too short for steady-state growth
 * to dominate that noise. A leak that holds on to every request's body or response would still blow
 * through 50%: a few thousand requests of several kilobytes each.
 */
describe('soak on loopback (short)', () => {
  it('answers fifty concurrent clients for twenty seconds with no failed request and bounded memory', async () => {
    const report = await runSoak({
      minutes: 1 / 3,
      clients: 50,
      warmUpSeconds: 5,
      baselineSeconds: 2,
      memoryBoundPercent: 50,
      seed: 7,
    });
    const summary = formatSoakReport(report);
    expect(report.failures, summary).toBe(0);
    // Every kind of request in the mix was exercised, writes included.
    for (const [kind, figures] of Object.entries(report.kinds)) {
      expect(figures.requests, `${kind} was never sent\n${summary}`).toBeGreaterThan(0);
    }
    expect(report.articles.afterSoak, summary).toBeGreaterThan(report.articles.afterWarmUp);
    expect(report.memory.afterSoak.collected, 'the server child must run with --expose-gc').toBe(true);
    expect(report.memory.pass, summary).toBe(true);
    expect(report.overall.p99Ms).toBeGreaterThan(0);
  }, 90_000);
});
