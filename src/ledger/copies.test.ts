import { describe, expect, it } from 'vitest';
import { createRandom } from '../models/random.ts';
import { BodyIndex, bodySignature, findOriginal, type KnownBody } from './copies.ts';

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
