import { UsageError } from '../core/errors.ts';
import type { Settings } from '../core/index.ts';
import { type DeliveryReport, deliverDueAlerts } from '../review/index.ts';
import type { Store } from '../store/index.ts';

export interface AlertDeliveryLoop {
  /** One delivery run now; runs never overlap. */
  runOnce(): Promise<DeliveryReport>;
  stop(): void;
}

/**
 * Posts due alerts to the webhook of the settings every `intervalMs`, while the server runs; null
 * when no webhook is set. A webhook URL without a secret is refused, since receivers could not tell
 * its posts from forgeries. `log` gets one line per failed or given-up delivery.
 */
export function startAlertDelivery(options: {
  store: Store;
  settings: Settings;
  intervalMs?: number;
  log: (line: string) => void;
  now?: () => Date;
}): AlertDeliveryLoop | null {
  const { store, settings, intervalMs = 60_000, log, now = () => new Date() } = options;
  const { webhookUrl: url, webhookSecret: secret } = settings;
  if (!url) return null;
  if (!secret) {
    throw new UsageError(
      `webhookUrl is set (${url}) but webhookSecret is not; set CLAIMTRAIL_WEBHOOK_SECRET to sign deliveries`,
    );
  }
  let running: Promise<DeliveryReport> | null = null;
  const runOnce = () => {
    running ??= deliverDueAlerts({ store, url, secret, now: now() })
      .then((report) => {
        for (const [id, reason] of Object.entries(report.failures)) {
          const outcome = report.gaveUp.includes(id) ? 'given up' : 'will retry';
          log(`alert ${id}: webhook delivery failed (${reason}); ${outcome}`);
        }
        return report;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch((error: unknown) => log(`alert delivery failed: ${(error as Error).message}`));
  }, intervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
