import { describe, expect, it } from 'vitest';
import { detectFormat } from './format.ts';

const PROSE =
  'The harbour authority said on Monday that shipping volumes fell by a fifth last year.\n\n' +
  'A spokesperson blamed the closure of the northern channel for most of the decline.\n';

describe('detectFormat', () => {
  it('goes by the extension when it knows it, whatever the content', () => {
    expect(detectFormat(PROSE, 'story.html')).toBe('html');
    expect(detectFormat(PROSE, 'dir.v2/Story.HTM')).toBe('html');
    expect(detectFormat(PROSE, 'notes.md')).toBe('markdown');
    expect(detectFormat(PROSE, 'notes.markdown')).toBe('markdown');
    expect(detectFormat('<html><body><p>x</p></body></html>', 'page.txt')).toBe('text');
  });

  it('sniffs the content when the extension is missing or unknown', () => {
    expect(detectFormat('<html><body><p>x</p></body></html>', 'page.constructor')).toBe('html');
    expect(detectFormat(PROSE, 'archive.2024')).toBe('text');
    expect(detectFormat(PROSE, '.md')).toBe('text');
  });

  it('recognizes a web page by its start or by its density of tags', () => {
    expect(detectFormat('\n  <!DOCTYPE html>\n<html lang="en"><head></head></html>')).toBe('html');
    expect(detectFormat('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>')).toBe(
      'html',
    );
    expect(detectFormat('<div class="story"><p>One.</p><p>Two.</p></div>')).toBe('html');
    const fragment = Array.from({ length: 12 }, (_, index) => `<p>Paragraph ${index}</p>`).join('\n');
    expect(detectFormat(`Intro line\n${fragment}`)).toBe('html');
  });

  it('keeps prose that mentions a tag or two as text', () => {
    expect(detectFormat(`${PROSE}The page used a <div> where a <p> was needed.\n`)).toBe('text');
  });

  it('recognizes Markdown headings, links, emphasis, lists and fences', () => {
    expect(detectFormat(`# Shipping falls\n\n${PROSE}`)).toBe('markdown');
    expect(detectFormat(`${PROSE}See the [report](https://example.org/report).`)).toBe('markdown');
    expect(detectFormat(`The **northern** channel and the *southern* one.\n${PROSE}`)).toBe('markdown');
    expect(detectFormat('Findings\n\n- volumes fell\n- fees rose\n- jobs went\n- ships left\n')).toBe(
      'markdown',
    );
    expect(detectFormat('Data:\n\n```\n1 2 3\n```\n')).toBe('markdown');
    expect(detectFormat('Shipping falls\n==============\n\n> It was a bad year, he said.\n')).toBe(
      'markdown',
    );
  });

  it('keeps plain text with a stray asterisk or dash as text', () => {
    expect(detectFormat(`${PROSE}Prices rose 5 * 2 percent - or so it seemed.\n- signed, the editor\n`)).toBe(
      'text',
    );
  });
});
