import type { LedgerArticle } from '../../src/ledger/index.ts';

/**
 * One allegation told by five outlets over three days: the original interview, a wire story that
 * hedges it, a copy of the wire story, an outlet citing the first one, and one that states it as
 * fact; plus an unrelated story. Invented for the ledger's tests.
 */
const WIRE =
  'The harbour dredging contract was rigged in favour of Brightwater Marine, according to Hana Voss, a former director of the Port Authority. ' +
  'If true, the allegation would mean the city overpaid for the work by millions. ' +
  'Voss did not provide documents to support the claim, and Brightwater Marine did not respond to a request for comment. ' +
  'The Port Authority awarded the contract in March after a tender that drew four bids. ' +
  'The dredging is meant to let larger cargo ships reach the eastern quay by next spring. ' +
  'City councillors said they would ask the authority for the tender files at their next meeting.';

export const STORY: LedgerArticle[] = [
  {
    url: 'https://coastline-courier.example/news/voss-interview',
    publisher: 'Coastline Courier',
    published: '2026-05-04T08:00:00Z',
    text:
      'Hana Voss, a former director of the Port Authority, claims the harbour dredging contract was rigged in favour of Brightwater Marine. ' +
      'In an interview on Sunday, Voss said the tender rules were changed two weeks before the deadline. ' +
      'She did not provide documents to support the allegation. ' +
      'Brightwater Marine has won three city contracts since 2021.',
  },
  {
    url: 'https://valley-wire.example/2026/05/04/dredging',
    publisher: 'Valley Wire',
    published: '2026-05-04T12:00:00Z',
    text: WIRE,
  },
  {
    url: 'https://town-gazette.example/harbour-dredging-allegation',
    publisher: 'Town Gazette',
    published: '2026-05-04T15:00:00Z',
    text: `${WIRE} Harbour traffic has grown by a fifth since 2020.`,
  },
  {
    url: 'https://evening-ledger.example/dredging-row',
    publisher: 'Evening Ledger',
    published: '2026-05-05T18:00:00Z',
    text:
      'The Coastline Courier reported that the harbour dredging contract was rigged in favour of Brightwater Marine. ' +
      'The Port Authority said on Monday that the tender followed all the rules. ' +
      'Brightwater Marine employs about 300 people in the region.',
  },
  {
    url: 'https://north-star-post.example/opinion/harbour',
    publisher: 'North Star Post',
    published: '2026-05-06T07:00:00Z',
    text:
      'The harbour dredging contract was rigged in favour of Brightwater Marine. ' +
      'The council spent 48 million dollars on the project in 2025. ' +
      'The mayor has refused to publish the tender files.',
  },
  {
    url: 'https://coastline-courier.example/news/library-hours',
    publisher: 'Coastline Courier',
    published: '2026-05-05T09:00:00Z',
    text:
      'The city library will extend its opening hours in June, the council said on Tuesday. ' +
      'The change will cost 120,000 dollars a year, according to the library board.',
  },
];
