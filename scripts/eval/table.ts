export type Alignment = 'left' | 'right';

/**
 * Lays rows out as a plain-text table with a header and a rule under it; numbers read best aligned
 * right, so each column takes its own alignment.
 *
 * @example
 * formatTable(['name', 'n'], [['a', '1'], ['bb', '22']], ['left', 'right']);
 * // 'name   n\n----  --\na      1\nbb    22'
 */
export function formatTable(headers: string[], rows: string[][], alignments: Alignment[] = []): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? cell.length;
        return alignments[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width));
  return [line(headers), line(rule), ...rows.map(line)].join('\n');
}

/** A ratio shown with three decimals, the precision the published figures use. */
export function formatRatio(value: number): string {
  return value.toFixed(3);
}
