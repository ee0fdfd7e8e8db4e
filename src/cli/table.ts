/** Rows as left-aligned columns separated by two spaces, header first; trailing blanks trimmed. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `${indent}${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
