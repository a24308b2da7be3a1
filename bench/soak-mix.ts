/**
 * The soak's request mix: what each simulated client asks the review desk, drawn from a seeded
 * generator so two runs with one seed send the same sequence of kinds and bodies.
 */

/** Each kind of request the soak sends, and its share of the mix in percent. */
export const SOAK_MIX = [
  { kind: 'board', weight: 20 },
  { kind: 'claim-page', weight: 20 },
  { kind: 'claims-api', weight: 20 },
  { kind: 'dossier', weight: 30 },
  { kind: 'post-article', weight: 5 },
  { kind: 'review-write', weight: 5 },
] as const;
export type SoakKind = (typeof SOAK_MIX)[number]['kind'];

/** One request ready for fetch, with the statuses that count as answered correctly. */
export interface SoakRequest {
  kind: SoakKind;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  authorized: boolean;
  ok: readonly number[];
}

function pick<Item>(random: () => number, items: readonly Item[]): Item {
  return items[Math.floor(random() * items.length)] as Item;
}

const PEOPLE = ['Maria Alvarez', 'Tom Becker', 'Aisha Rahman', 'Li Wei', 'Jonas Holm', 'Grace Okafor'];
const ROLES = ['the mayor', 'a council member', 'the finance director', 'a union leader', 'the minister'];
const BODIES = ['the city council', 'the transport authority', 'the health ministry', 'the school board'];
const PROJECTS = ['tram extension', 'hospital wing', 'flood barrier', 'school renovation', 'bridge repair'];
const VERBS = ['said', 'claimed', 'told reporters', 'insisted', 'confirmed', 'denied'];
const HEDGES = ['', 'probably ', 'according to early estimates, ', 'it appears that '];

/**
 * A short original news article: attributed statements about a public project with figures drawn
 * at random, and a serial number so no two articles of one run share a text.
 */
export function generateArticle(random: () => number, serial: number): { title: string; text: string } {
  const person = pick(random, PEOPLE);
  const role = pick(random, ROLES);
  const body = pick(random, BODIES);
  const project = pick(random, PROJECTS);
  const cost = 20 + Math.floor(random() * 900);
  const delay = 2 + Math.floor(random() * 30);
  const jobs = 100 + Math.floor(random() * 5000);
  const title = `${body} weighs the ${project} (report ${serial})`;
  const text = [
    `${person}, ${role}, ${pick(random, VERBS)} on Tuesday that the ${project} would cost ${cost} million dollars.`,
    `Officials at ${body} ${pick(random, VERBS)} that the work was ${delay} months behind schedule.`,
    `"We will create ${jobs} jobs," ${person} said, adding that the plan had ${pick(random, HEDGES)}been approved.`,
    `Critics ${pick(random, VERBS)} that the budget had doubled since the vote, which ${body} disputes.`,
    `This is report number ${serial} on the project; the next hearing is set for day ${1 + (serial % 28)}.`,
  ].join(' ');
  return { title, text };
}

/** The next request of one client: a kind drawn by weight, over the cluster ids it knows of. */
export function nextRequest(
  random: () => number,
  clusterIds: readonly string[],
  serial: number,
): SoakRequest {
  let roll = random() * 100;
  let kind: SoakKind = 'board';
  for (const entry of SOAK_MIX) {
    roll -= entry.weight;
    if (roll < 0) {
      kind = entry.kind;
      break;
    }
  }
  const clusterId = pick(random, clusterIds);
  switch (kind) {
    case 'board':
      return { kind, method: 'GET', path: '/', authorized: false, ok: [200] };
    case 'claim-page':
      return { kind, method: 'GET', path: `/claims/${clusterId}`, authorized: false, ok: [200] };
    case 'claims-api':
      return { kind, method: 'GET', path: '/api/claims?limit=20', authorized: false, ok: [200] };
    case 'dossier':
      return { kind, method: 'GET', path: `/api/claims/${clusterId}/dossier`, authorized: false, ok: [200] };
    case 'post-article': {
      const article = generateArticle(random, serial);
      const body = JSON.stringify({
        ...article,
        url: `https://soak.example/news/${serial}`,
        publisher: pick(random, ['Soak Daily', 'Loopback Herald', 'Bench Tribune']),
        published: '2026-03-02T09:00:00Z',
      });
      return { kind, method: 'POST', path: '/api/articles', body, authorized: true, ok: [200, 201] };
    }
    case 'review-write':
      return reviewWrite(random, clusterId, serial);
  }
}

function reviewWrite(random: () => number, clusterId: string, serial: number): SoakRequest {
  const which = Math.floor(random() * 3);
  const base = { kind: 'review-write' as const, method: 'POST' as const, authorized: true, ok: [201] };
  if (which === 0) {
    const body = {
      url: `https://records.example/documents/${serial}.pdf`,
      relation: pick(random, ['supports', 'refutes', 'context']),
      kind: pick(random, ['primary-document', 'data', 'official-statement']),
      quote: `Line ${serial % 97} of the budget table`,
    };
    return { ...base, path: `/api/claims/${clusterId}/evidence`, body: JSON.stringify(body) };
  }
  if (which === 1) {
    const body = {
      status: pick(random, ['corroborated', 'disputed', 'unverified', 'confirmed']),
      note: `Checked against filing ${serial}`,
    };
    return { ...base, path: `/api/claims/${clusterId}/status`, body: JSON.stringify(body) };
  }
  const body = { rating: 1 + Math.floor(random() * 5), rationale: `Figures compared with record ${serial}.` };
  return { ...base, path: `/api/claims/${clusterId}/verdicts`, body: JSON.stringify(body) };
}
