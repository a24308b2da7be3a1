interface RobotsRules {
  allow: string[];
  disallow: string[];
}

export interface RobotsPolicy {
  allows(url: string): Promise<boolean>;
}

/**
 * Parses robots.txt and returns the rules of the most specific group that names our agent, else
 * the `*` group. Matching follows RFC 9309: the longest matching path wins, Allow on a tie.
 */
export function parseRobots(text: string, userAgent: string): RobotsRules {
  const agent = userAgent.split('/')[0]?.toLowerCase() ?? '';
  const groups: { agents: string[]; rules: RobotsRules }[] = [];
  let current: { agents: string[]; rules: RobotsRules } | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    const match = /^([a-z-]+)\s*:\s*(.*)$/i.exec(line);
    if (!match) continue;
    const field = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: { allow: [], disallow: [] } };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (field === 'allow' && value) current.rules.allow.push(value);
    if (field === 'disallow' && value) current.rules.disallow.push(value);
  }
  const named = groups.find((group) => group.agents.some((name) => name !== '*' && agent.includes(name)));
  const any = groups.find((group) => group.agents.includes('*'));
  return (named ?? any)?.rules ?? { allow: [], disallow: [] };
}

function matchLength(pattern: string, path: string): number {
  const anchored = pattern.endsWith('$');
  const source = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(path) ? pattern.length : -1;
}

export function robotsAllow(rules: RobotsRules, path: string): boolean {
  const best = (patterns: string[]) => Math.max(-1, ...patterns.map((pattern) => matchLength(pattern, path)));
  return best(rules.allow) >= best(rules.disallow);
}

/** Per-origin robots.txt, fetched once per policy; an unreachable or missing file allows everything. */
export function createRobotsPolicy(
  userAgent: string,
  load: (robotsUrl: string) => Promise<{ status: number; text: string }>,
): RobotsPolicy {
  const byOrigin = new Map<string, Promise<RobotsRules>>();
  return {
    async allows(url) {
      const target = new URL(url);
      let rules = byOrigin.get(target.origin);
      if (!rules) {
        rules = load(`${target.origin}/robots.txt`).then(
          ({ status, text }) =>
            status >= 200 && status < 300 ? parseRobots(text, userAgent) : { allow: [], disallow: [] },
          () => ({ allow: [], disallow: [] }),
        );
        byOrigin.set(target.origin, rules);
      }
      return robotsAllow(await rules, target.pathname + target.search);
    },
  };
}
