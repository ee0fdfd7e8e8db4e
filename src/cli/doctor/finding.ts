/** One result of doctor: what was checked, how it went, and what to do about it. */
export interface Finding {
  readonly level: 'ok' | 'warn' | 'fail';
  readonly subject: string;
  readonly detail: string;
  readonly fix?: string;
}

const LABELS: Readonly<Record<Finding['level'], string>> = { ok: '[ok]  ', warn: '[warn]', fail: '[FAIL]' };

export function formatFinding(finding: Finding): string {
  const fix = finding.fix === undefined ? '' : `\n        fix: ${finding.fix}`;
  return `${LABELS[finding.level]} ${finding.subject}: ${finding.detail}${fix}\n`;
}
