/**
 * Text tables, the one renderer behind `check`, `oids`, the help texts and the benchmark report:
 * each cell padded to the widest of its column.
 */

function padded(rows: readonly (readonly string[])[]): string[][] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => widths.map((width, i) => (row[i] ?? '').padEnd(width)));
}

/** Left-aligned columns separated by two spaces, one line per row, trailing blanks trimmed. */
export function columnLines(rows: readonly (readonly string[])[], indent = ''): string[] {
  return padded(rows).map((cells) => `${indent}${cells.join('  ')}`.trimEnd());
}

/** Header and rows as aligned columns, ending with a newline. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  return columnLines([header, ...rows], indent).join('\n') + '\n';
}

/** A Markdown table, aligned so that it reads in a terminal too. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const [head, ...body] = padded([header, ...rows]) as [string[], ...string[][]];
  const format = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [format(head), format(head.map((cell) => '-'.repeat(cell.length))), ...body.map(format)].join('\n');
}
