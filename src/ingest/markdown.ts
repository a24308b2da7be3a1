/** Replaces every character of a match with spaces, keeping newlines, so offsets stay put. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/**
 * Turns Markdown into plain text of exactly the same length: syntax becomes spaces, so an offset into
 * the result is an offset into the original Markdown.
 *
 * @example
 * markdownToText('# Title\n**Bold** [link](http://x)'); // '  Title\n  Bold    link          '
 */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(
      /^(\s*)(```|~~~)[^\n]*$/gm,
      (_match, indent: string, fence: string) =>
        indent + blank(fence) + blank(_match.slice(indent.length + fence.length)),
    )
    .replace(/!\[[^\]\n]*\]\([^)\n]*\)/g, blank)
    .replace(
      /\[([^\]\n]*)\]\(([^)\n]*)\)/g,
      (_match, label: string, target: string) => ` ${label}${blank(`](${target})`)}`,
    )
    .replace(
      /^(\s{0,3})(#{1,6})(\s)/gm,
      (_match, indent: string, hashes: string, space: string) => indent + blank(hashes) + space,
    )
    .replace(/^(\s{0,3})(>+)/gm, (_match, indent: string, marks: string) => indent + blank(marks))
    .replace(
      /^(\s*)([-*+]|\d+[.)])(\s+)/gm,
      (_match, indent: string, bullet: string, space: string) => indent + blank(bullet) + space,
    )
    .replace(/^\s*([-*_])(\s*\1){2,}\s*$/gm, blank)
    .replace(
      /(\*\*|__)(?=\S)([^\n]*?\S)\1/g,
      (_match, marks: string, inner: string) => blank(marks) + inner + blank(marks),
    )
    .replace(
      /(^|[^\w*])([*_])(?=\S)([^\n*_]*?\S)\2(?!\w)/g,
      (_match, before: string, mark: string, inner: string) => before + blank(mark) + inner + blank(mark),
    )
    .replace(/`([^`\n]+)`/g, (_match, inner: string) => ` ${inner} `);
}
