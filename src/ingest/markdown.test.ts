import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown.ts';

/** Each word of the output, with its offset. */
function wordsOf(text: string): { word: string; offset: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)].map((match) => ({
    word: match[0],
    offset: match.index,
  }));
}

/** The output must be the input with some characters turned into spaces, and newlines untouched. */
function expectSameOffsets(markdown: string, text: string): void {
  expect(text).toHaveLength(markdown.length);
  for (const { word, offset } of wordsOf(text)) {
    expect(markdown.slice(offset, offset + word.length)).toBe(word);
  }
  for (let index = 0; index < markdown.length; index++) {
    if (markdown[index] === '\n' || markdown[index] === '\r') expect(text[index]).toBe(markdown[index]);
  }
}

const ARTICLE = `---
title: Harbour fees
---
# Harbour fees rise for the *third* year ##

The port authority raised berthing fees by **12 percent**, said [Lena Ortiz](https://example.org/people/ortiz "Ortiz"),
its finance director. ![Cranes at dawn](images/cranes.jpg)

> “We had no choice,” she said.
> > Shipping firms called the rise _unjustified_.

- Fees rise on 1 March
* Small boats are exempt
1. First reading: \`Monday\`
2) Second reading: Thursday
- [x] Published

***

\`\`\`text
raw *not emphasis* stays
\`\`\`

Read the [full notice][notice] or the [board minutes].<!-- editor: check figures -->

[notice]: https://example.org/notice
[board minutes]: https://example.org/minutes

| Vessel | Fee |
|:-------|----:|
| Ferry  | 400 |

Ortiz added ~~nothing~~ more.\r\nIt costs 5 * 3 euros.`;

describe('markdownToText', () => {
  const text = markdownToText(ARTICLE);

  it('keeps every word at the offset it has in the Markdown', () => {
    expectSameOffsets(ARTICLE, text);
    for (const word of ['third', 'berthing', 'percent', 'Lena', 'Ortiz', 'Shipping', 'unjustified']) {
      expect(text.indexOf(word)).toBe(ARTICLE.indexOf(word));
    }
  });

  it('blanks heading marks, emphasis, quote marks, bullets and rules', () => {
    const lines = text.split('\n');
    expect(lines[3]).toBe('  Harbour fees rise for the  third  year   ');
    expect(text).toContain('by   12 percent  , said  Lena Ortiz ');
    expect(text).toContain('  “We had no choice,” she said.');
    expect(text).toContain('    Shipping firms called the rise  unjustified .');
    expect(text).toContain(
      '\n  Fees rise on 1 March\n  Small boats are exempt\n   First reading:  Monday \n',
    );
    expect(text).toContain('\n   Second reading: Thursday\n      Published\n');
    expect(text.replace('raw *not emphasis*', '').replace('5 * 3', '')).not.toMatch(
      /[#*_>[\]|]|https?:|cranes|editor|title:/,
    );
  });

  it('keeps code inside fences but blanks the fences', () => {
    expect(text).toContain('\n       \nraw *not emphasis* stays\n   \n');
  });

  it('keeps link text of reference links and blanks the definitions', () => {
    expect(text).toContain('Read the  full notice          or the  board minutes .');
  });

  it('keeps table cells and strikethrough text', () => {
    expect(text).toContain('  Vessel   Fee  \n');
    expect(text).toContain('  Ferry    400  \n');
    expect(text).toContain('Ortiz added   nothing   more.\r\nIt costs 5 * 3 euros.');
  });

  it('leaves plain prose untouched', () => {
    const prose = 'The minister said on Tuesday that 3 * 4 = 12, and snake_case_names stay.\n';
    expect(markdownToText(prose)).toBe(prose);
  });

  it('turns any string into the same string with some characters blanked', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab #*_`[]()!<>-|~\\:\n1.') }), (markdown) => {
        const output = markdownToText(markdown);
        expect(output).toHaveLength(markdown.length);
        for (let index = 0; index < markdown.length; index++) {
          const character = output[index];
          expect(character === markdown[index] || (character === ' ' && markdown[index] !== '\n')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('stays fast on a large document full of unclosed syntax', () => {
    const hostile = `${'[a *b _c `d '.repeat(40_000)}\n\n${'word '.repeat(200_000)}`;
    const started = performance.now();
    expect(markdownToText(hostile)).toHaveLength(hostile.length);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
