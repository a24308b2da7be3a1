import type { AlertRecord } from '../store/index.ts';

export interface AtomFeedOptions {
  /** The feed's own URL: its id and `rel="self"` link. */
  selfUrl: string;
  title: string;
  /** The page each alert links to; defaults to an anchor in the feed itself. */
  linkFor?: (alert: AlertRecord) => string;
  /** The feed's `updated` when it has no entries (Atom requires one); defaults to now. */
  emptyUpdated?: Date;
}

// XML 1.0 allows tab, newline and carriage return below U+0020, and nothing else; those would make
// the whole feed unreadable, so they are dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text escaped for XML element content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const KIND_TITLES: Record<AlertRecord['kind'], string> = {
  'new-outlet': 'New outlet',
  'hedging-drop': 'Hedging dropped',
  'status-change': 'Status changed',
};

function entry(alert: AlertRecord, options: AtomFeedOptions): string {
  const link = options.linkFor ? options.linkFor(alert) : `${options.selfUrl}#alert-${alert.id}`;
  return `  <entry>
    <id>${escapeXml(`${options.selfUrl}#alert-${alert.id}`)}</id>
    <title>${escapeXml(`${KIND_TITLES[alert.kind]}: ${alert.summary}`)}</title>
    <updated>${escapeXml(alert.createdAt)}</updated>
    <link rel="alternate" href="${escapeXml(link)}"/>
    <category term="${escapeXml(alert.kind)}"/>
    <summary type="text">${escapeXml(alert.summary)}</summary>
    <content type="text">${escapeXml(JSON.stringify({ clusterId: alert.clusterId, ...alert.data }, null, 2))}</content>
  </entry>`;
}

/**
 * Alerts as an Atom (RFC 4287) feed, in the order given (newest first, as `listAlerts` returns them):
 * one entry per alert with its kind as category, its summary and its facts as JSON text.
 *
 * @example
 * const xml = alertsAtomFeed(await store.listAlerts({ limit: 50 }), { selfUrl: 'https://desk.example/alerts.atom', title: 'Claimtrail alerts' });
 */
export function alertsAtomFeed(alerts: readonly AlertRecord[], options: AtomFeedOptions): string {
  const newest = alerts.reduce<string | null>(
    (latest, alert) => (latest === null || alert.createdAt > latest ? alert.createdAt : latest),
    null,
  );
  const updated = newest ?? (options.emptyUpdated ?? new Date()).toISOString();
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(options.selfUrl)}</id>
  <title>${escapeXml(options.title)}</title>
  <updated>${escapeXml(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(options.selfUrl)}"/>
  <author><name>${escapeXml(options.title)}</name></author>
  <generator>claimtrail</generator>
${alerts.map((alert) => entry(alert, options)).join('\n')}
</feed>
`;
}
