import { describe, expect, it } from 'vitest';
import { createRandom } from '../models/random.ts';
import { BodyIndex, bodySignature, findOriginal, type KnownBody } from './copies.ts';
import { mix32, shingleHashes, termHash } from './matching/minhash.ts';

const WORDS =
  'mayor council bridge river budget vote school storm court police hospital senator tax fire'.split(' ');

function article(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)] as string).join(' ');
}

/** The text with about `share` of its words replaced, so its similarity to the original varies. */
function edited(text: string, random: () => number, share: number): string {
  return text
    .split(' ')
    .map((word) => (random() < share ? `edit${Math.floor(random() * 1000)}` : word))
    .join(' ');
}

describe('body index', () => {
  it('finds the same original as comparing with every known body', () => {
    const random = createRandom(7);
    const bodies: KnownBody[] = [];
    const index = new BodyIndex();
    const texts: string[] = [];
    for (let number = 0; number < 300; number += 1) {
      const base =
        texts.length > 0 && random() < 0.6 ? (texts[Math.floor(random() * texts.length)] as string) : null;
      const text = base
        ? edited(base, random, random() * 0.3)
        : article(random, 60 + Math.floor(random() * 60));
      texts.push(text);
      const body: KnownBody = {
        articleId: `a${number}`,
        publishedAt: new Date(Date.UTC(2020, 0, 1 + Math.floor(random() * 30))).toISOString(),
        signature: bodySignature(text),
        words: text.split(' ').length,
        isCopy: false,
      };
      const accept = (known: KnownBody) => known.publishedAt <= body.publishedAt;
      expect(index.findOriginal(body.signature, body.words, accept)).toBe(
        findOriginal(body.signature, body.words, bodies.filter(accept)),
      );
      bodies.push(body);
      index.add(body);
    }
    expect(
      bodies.some((body) =>
        findOriginal(
          body.signature,
          body.words,
          bodies.filter((known) => known !== body),
        ),
      ),
    ).toBe(true);
    expect(index.size).toBe(300);
  });
});

describe('body signature', () => {
  /** The signature as defined: per position, the least mix of each shingle with that position's seed. */
  function definedSignature(text: string): number[] {
    const shingles = [...shingleHashes((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(termHash))];
    return Array.from({ length: 64 }, (_, index) =>
      Math.min(0xffffffff, ...shingles.map((shingle) => mix32(shingle ^ Math.imul(index + 1, 0x9e3779b1)))),
    );
  }

  it('keeps, at each of its 64 positions, the least hash of any shingle of the lower-cased words', () => {
    const random = createRandom(11);
    const texts = [
      '',
      'Alone',
      'Two words',
      'Über die Brücke: 1,000 naïve CAFÉ-goers said "no".',
      // Letters outside the first plane, marks that split words, a lone surrogate, case changes that
      // change a text's length, and scripts without spaces.
      'In 1999 the 𝐁𝐨𝐥𝐝 ＦＵＬＬ width 𐐀𐐨 words, e\u0301te\u0301 d\ud800x İstanbul ΟΔΟΣ straße 東京都 ٣٤ ½ ² x',
      '\u2018Quoted\u2019 \u2014 dashes\u2026 and\u00a0spaces\u2003between   words\n\nand lines',
      ...Array.from({ length: 20 }, (_, index) => article(random, 5 + index * 40)),
    ];
    for (const text of texts) expect([...bodySignature(text)]).toEqual(definedSignature(text));
  });
});
