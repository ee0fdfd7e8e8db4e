/** An XML element: its tag and either text or child elements. */
export type XmlElement = readonly [tag: string, content: string | number | readonly XmlElement[]];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Elements indented with tabs, one per line, as Cacti writes its own files. */
export function renderXml(elements: readonly XmlElement[], depth = 0): string {
  const pad = '\t'.repeat(depth);
  return elements
    .map(([tag, content]) =>
      typeof content === 'object'
        ? `${pad}<${tag}>\n${renderXml(content, depth + 1)}${pad}</${tag}>\n`
        : `${pad}<${tag}>${escapeXml(String(content))}</${tag}>\n`,
    )
    .join('');
}
