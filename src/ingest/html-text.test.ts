import { describe, expect, it } from 'vitest';
import { decodeEntities, measureMarkup, stripTags } from './html-text.ts';

describe('decodeEntities', () => {
  it('decodes named and numeric references and leaves unknown ones as written', () => {
    expect(
      decodeEntities('Fish &amp; chips &#8211; &ldquo;cheap&rdquo; &#x201C;x&#x201D; &bogus; &#0;'),
    ).toBe('Fish & chips – “cheap” “x” &bogus; \ufffd');
    expect(decodeEntities('&constructor; &toString;')).toBe('&constructor; &toString;');
  });
});

describe('measureMarkup', () => {
  it('counts depth without the elements that do not nest', () => {
    expect(measureMarkup('<html><body><div><p>a<br><img src=x><p>b</div></body></html>')).toEqual({
      depth: 3,
      elements: 7,
      markers: 10,
    });
    expect(measureMarkup(`${'<div>'.repeat(300)}${'</div>'.repeat(300)}`).depth).toBe(300);
  });

  it('counts every "<", tag or not, since each starts a node of its own', () => {
    expect(measureMarkup('a < b <<< c <!-- d --> <p>e')).toEqual({ depth: 0, elements: 1, markers: 6 });
  });
});

describe('stripTags', () => {
  it('drops scripts, styles and comments and ends paragraphs at block tags', () => {
    const html =
      '<html><head><style>p{color:red}</style><script>if (a < b) alert("</p>")</script></head>' +
      '<body><!-- <p>hidden</p> --><h1>Title</h1><p>One <b>bold</b>&nbsp;word</p><p>Two<br>lines</p></body></html>';
    expect(stripTags(html)).toBe('Title\n\nOne bold word\n\nTwo\nlines');
  });

  it('keeps a lone angle bracket that is text', () => {
    expect(stripTags('<p>3 < 4 and 5 > 2</p>')).toBe('3 < 4 and 5 > 2');
  });

  it('stays linear on a page of unclosed tags and scripts', () => {
    const hostile = `${'<script <div '.repeat(200_000)}${'<'.repeat(500_000)}`;
    const started = performance.now();
    expect(typeof stripTags(hostile)).toBe('string');
    expect(measureMarkup(hostile).depth).toBe(0);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
